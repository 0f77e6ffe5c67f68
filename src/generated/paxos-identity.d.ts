/**
 * GENERATED FILE - DO NOT EDIT.
 * Generated from contracts/openapi/paxos-identity.yaml by openapi-typescript via `npm run gen:types`
 * (scripts/gen-types.ts). Change the spec and regenerate instead of editing this file.
 */

export interface paths {
    "/oauth2/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get Access Token
         * @description Exchanges client credentials for a bearer token (RFC 6749 section 4.4). `scope` is one
         *     space-separated string; the response echoes the scopes that were granted.
         */
        post: operations["getAccessToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Identities
         * @description Returns identities created by the caller, newest first unless `order=ASC`. Filter by
         *     creation/update time, `summary_status` and `identity_type`. Page with `page_cursor` set to
         *     the previous response's `next_page_cursor`.
         */
        get: operations["ListIdentities"];
        put?: never;
        /**
         * Create Identity
         * @description Creates a person (send `person_details`) or an institution (send `institution_details`
         *     and at least one entry in `institution_members`). The new identity starts out `PENDING`;
         *     the onboarding decision arrives later through events and webhooks.
         *
         *     `ref_id` must be unique per API client, and so must the triple
         *     (`cip_id`, `cip_id_type`, `cip_id_country`). A repeat yields 409 with `meta.existing.id`.
         */
        post: operations["CreateIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/identities/{identity_id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Identity the documents belong to. */
                identity_id: string;
            };
            cookie?: never;
        };
        /**
         * List Identity Documents
         * @description Lists the documents stored for an identity. With `include_pending_docs=true` the response
         *     also names the mandatory document types that are still missing.
         */
        get: operations["ListIdentityDocuments"];
        /**
         * Document Upload
         * @description Registers a document for the identity and returns a pre-signed `upload_url`. Send the file
         *     bytes to that URL in a second request. Re-sending a document type submits it again for
         *     review.
         */
        put: operations["DocumentUpload"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Identity id. */
                id: components["parameters"]["IdentityId"];
            };
            cookie?: never;
        };
        /**
         * Get Identity
         * @description Returns one identity created by the caller. Person or institution details are left out
         *     unless `include_details=true`; institution members unless `include_institution_members=true`.
         */
        get: operations["GetIdentity"];
        /**
         * Update Identity
         * @description Applies the submitted fields on top of the stored identity (fields left out are kept).
         *     `tax_details`, when sent, replaces the whole list. `set_user_disabled` disables or re-enables
         *     the identity (a Paxos admin disable cannot be lifted this way). `last_kyc_refresh_date`
         *     marks the update as a periodic KYC refresh. A person cannot become an institution or the
         *     other way round.
         */
        put: operations["UpdateIdentity"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/identities/{id}/sandbox-status": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Identity id. */
                id: components["parameters"]["IdentityId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Sandbox Set Identity Status
         * @description Sandbox only. Forces verification sub-statuses and disable flags; fields left out stay as
         *     they are. A person can transact once `id_verification_status` and
         *     `sanctions_verification_status` are both `APPROVED`; an institution once
         *     `sanctions_verification_status` is `APPROVED`. The response is an empty object, so fetch
         *     the identity again to see the result.
         */
        put: operations["SandboxSetIdentityStatus"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/institution-members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Institution Members
         * @description Links further person identities to an institution. Existing members are untouched, so the
         *     call only ever adds. Member `id`s are generated by the server and must not be sent.
         */
        post: operations["AddInstitutionMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/institution-members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Institution member id (not the member's identity id). */
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove Institution Member
         * @description Unlinks one member from its institution.
         */
        delete: operations["DeleteInstitutionMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Accounts
         * @description Pages through the caller's accounts, newest first unless `order=ASC`. The filters and
         *     the cursor work as for List Identities; `identity_id` narrows the list to one owner.
         */
        get: operations["ListAccounts"];
        /**
         * Update Account
         * @description Replaces an account's editable fields; `account.id` names the account. `members`, when
         *     sent, is the complete list. `set_user_disabled` disables or re-enables the account.
         */
        put: operations["UpdateAccount"];
        /**
         * Create Account
         * @description Opens an account for an identity. With `create_profile: true` a profile is opened with it
         *     and its id returned as `profile_id`. Joint owners go in `account.members`. A `ref_id`
         *     already used by another of the caller's accounts is a 409 naming that account.
         */
        post: operations["CreateAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Account id. */
                id: string;
            };
            cookie?: never;
        };
        /**
         * Get Account
         * @description One of the caller's accounts, with its members.
         */
        get: operations["GetAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/account-members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add Account Members
         * @description Adds identities to an account (for example a joint owner); existing members stay.
         */
        post: operations["AddAccountMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/account-members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Account member id (not the member's identity id). */
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove Account Member
         * @description Removes one member from its account.
         */
        delete: operations["DeleteAccountMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Profiles
         * @description Pages through the caller's profiles, newest first unless `order=ASC`.
         */
        get: operations["ListProfiles"];
        put?: never;
        /**
         * Create Profile
         * @description Opens a profile that belongs to no account (type `NORMAL`). A nickname already used by
         *     another active profile of the caller is a 409.
         */
        post: operations["CreateProfile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/profiles/{profile_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        /**
         * Get Profile
         * @description One profile; a deactivated one only with `include_deactivated=true`.
         */
        get: operations["GetProfile"];
        /**
         * Update Profile
         * @description Renames a profile; a nickname used by another active profile is a 409.
         */
        put: operations["UpdateProfile"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/profiles/{profile_id}/balances": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        /**
         * List Profile Balances
         * @description Balances of a profile, one item per asset held (or per asset asked for).
         */
        get: operations["ListProfileBalances"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/profiles/{profile_id}/balances/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
                /** @description Asset code such as `USD` or `BTC`. */
                asset: string;
            };
            cookie?: never;
        };
        /**
         * Get Profile Balance
         * @description The balance of one asset; zero when the profile never held it.
         */
        get: operations["GetProfileBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/profiles/{profile_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Deactivate Profile
         * @description Deactivates an empty profile. A profile that still holds a balance is a 400; a profile
         *     that is already deactivated is a 404, as for any profile that cannot be found.
         */
        put: operations["DeactivateProfile"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandbox/profiles/{profile_id}/deposit": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sandbox Deposit
         * @description Sandbox only. Credits test funds to a profile at once.
         */
        post: operations["CreateSandboxDeposit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/controls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Identity Controls
         * @description The controls of one identity: the active ones, and with `include_deleted=true` the removed
         *     ones too (carrying `deleted_at`). Oldest first; `limit` 1 to 1000, 100 when omitted.
         */
        get: operations["ListIdentityControls"];
        put?: never;
        /**
         * Create Identity Control
         * @description Sets a client control (`SELL_ONLY`, `CLOSED` or `DORMANT`) on an identity. The control is
         *     `set_by: SET_BY_CLIENT` and `is_overridable: true`; the identity becomes `DISABLED` at once
         *     and `identity.control.created` is emitted.
         */
        post: operations["CreateIdentityControl"];
        /**
         * Delete Identity Control
         * @description Removes an overridable control. The control is named by the `control_id` query parameter
         *     or, as in the dormancy guide, by `id` in a JSON body (with an optional `reason`). A control
         *     set by Paxos (`is_overridable: false`) cannot be removed (403).
         */
        delete: operations["DeleteIdentityControl"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Events
         * @description Returns the caller's events, always oldest first, with no cursor. To page, repeat the call
         *     with `created_at.gt` set to the last `created_at` seen. `limit` is 1 to 100 (100 when
         *     omitted). Test events are only returned with `is_test=true`.
         */
        get: operations["ListEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Event
         * @description Returns one of the caller's events, including its full `object`. Webhook deliveries carry
         *     only the event id, so this is how a consumer reads the details.
         */
        get: operations["GetEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Form fields of a client-credentials token request. */
        TokenRequest: {
            /** @enum {string} */
            grant_type: "client_credentials";
            /** @description Client id from Dashboard API management. */
            client_id?: string;
            /** @description Client secret paired with `client_id`. */
            client_secret?: string;
            /**
             * @description Requested scopes separated by single spaces.
             * @example identity:read_identity events:read_event
             */
            scope?: string;
        };
        TokenResponse: {
            /** @description Opaque bearer token. */
            access_token: string;
            /** @enum {string} */
            token_type: "bearer";
            /**
             * @description Lifetime in seconds (3599 at Paxos).
             * @example 3599
             */
            expires_in: number;
            /** @description Granted scopes separated by single spaces. */
            scope?: string;
        };
        /** @description Error body of the token endpoint (RFC 6749 section 5.2). */
        OAuthError: {
            /** @enum {string} */
            error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope";
            /** @description Human-readable explanation. */
            error_description?: string;
        };
        /** @description RFC 7807 problem details returned by every failing API call. */
        Problem: {
            /**
             * Format: uri
             * @description URI naming the kind of problem; `about:blank` when the status says it all.
             * @default about:blank
             * @example https://developer.paxos.com/docs/v2/problems/already-exists
             */
            type: string;
            /**
             * @description Short summary, normally the HTTP reason phrase.
             * @example Already Exists
             */
            title?: string;
            /**
             * Format: int32
             * @description The HTTP status code, repeated.
             * @example 409
             */
            status?: number;
            /**
             * @description Explanation of this occurrence. Wording may change; do not parse it.
             * @example duplicate ref_id provided
             */
            detail?: string;
            /** @description Extra structured data, e.g. `existing` for a conflict. */
            meta?: {
                [key: string]: unknown;
            };
        };
        /** @description A person or institution known to Paxos. */
        Identity: {
            /** @description Identity id (UUID), used in every other call about this identity. */
            id: string;
            /** @description Free-form string map owned by the API client. */
            metadata?: {
                [key: string]: string;
            };
            summary_status?: components["schemas"]["IdentityStatus"];
            status?: components["schemas"]["IdentityStatus"];
            status_details?: components["schemas"]["StatusDetails"];
            /** @description Disabled by the API client (superseded by identity controls). */
            user_disabled?: boolean;
            /** @description Disabled by Paxos (superseded by identity controls). */
            admin_disabled?: boolean;
            person_details?: components["schemas"]["PersonDetails"];
            type?: components["schemas"]["IdentityType"];
            /** @description Client-chosen id, unique across the client's identities. */
            ref_id?: string;
            institution_details?: components["schemas"]["InstitutionDetails"];
            /** @description Members of an institution (only with `include_institution_members=true`). */
            institution_members?: components["schemas"]["InstitutionMember"][];
            /**
             * Format: date-time
             * @description Creation time, RFC3339.
             */
            created_at?: string;
            /**
             * Format: date-time
             * @description Last update time, RFC3339.
             */
            updated_at?: string;
            /** @description Tax payer records. */
            tax_details?: components["schemas"]["TaxDetail"][];
            /** @description True when tax details are not legally needed. */
            tax_details_not_required?: boolean;
            summary_tin_verification_status?: components["schemas"]["TINVerificationStatus"];
            customer_due_diligence?: components["schemas"]["CustomerDueDiligence"];
            /** @description True for merchants. */
            is_merchant?: boolean;
            /**
             * Format: date-time
             * @description When the identity last completed a periodic KYC refresh.
             */
            last_kyc_refresh_date?: string;
        };
        /**
         * @description Onboarding status. `PENDING` awaits a decision, `APPROVED` may transact, `DENIED` failed
         *     review, `DISABLED` was approved and is now restricted, `ERROR` is frozen for compliance
         *     reasons (or, on a sub-status, needs manual review).
         * @enum {string}
         */
        IdentityStatus: "PENDING" | "ERROR" | "APPROVED" | "DENIED" | "DISABLED";
        /** @enum {string} */
        IdentityType: "PERSON" | "INSTITUTION";
        ListIdentitiesResponse: {
            /** @description Pass as `page_cursor` to get the next page; empty on the last page. */
            next_page_cursor?: string;
            /** @description Identities on this page. */
            items?: components["schemas"]["Identity"][];
        };
        /**
         * @description Why the identity has its current `status`: restrictions in force and onboarding
         *     requirements that are still open. Present on Get and List Identity.
         */
        StatusDetails: {
            /** @description Controls currently restricting the identity. */
            active_controls?: components["schemas"]["IdentityControl"][];
            /** @description Requirements not yet met. Empty when nothing is outstanding. */
            requirements?: components["schemas"]["IdentityRequirement"][];
        };
        IdentityRequirement: {
            type?: components["schemas"]["IdentityRequirementType"];
            status: components["schemas"]["RequirementStatus"];
            awaiting_action_from?: components["schemas"]["AwaitingActionFrom"];
            /** @description Developer-facing reasons; not meant for end users. */
            errors?: components["schemas"]["RequirementError"][];
        };
        /**
         * @description Kind of requirement. `ID_VERIFICATION` and `RISK_AWARENESS_ASSESSMENT` apply to persons;
         *     `DOCUMENT_VERIFICATION` and `MEMBERS` to institutions. `TAX_DETAILS_VERIFICATION` replaced
         *     the older `TIN_VERIFICATION`.
         * @enum {string}
         */
        IdentityRequirementType: "ID_VERIFICATION" | "DOCUMENT_VERIFICATION" | "SCREENING_CHECK" | "COMPLIANCE_CHECK" | "ENHANCED_DUE_DILIGENCE" | "RISK_AWARENESS_ASSESSMENT" | "KYC_REFRESH" | "TAX_DETAILS_VERIFICATION" | "MEMBERS";
        /** @enum {string} */
        RequirementStatus: "PENDING" | "FAILED";
        /**
         * @description Who has to act next. Left out for `MEMBERS` requirements.
         * @enum {string}
         */
        AwaitingActionFrom: "PAXOS" | "CLIENT";
        RequirementError: {
            /**
             * @description Machine-readable reason. Known values are listed in the `RequirementErrorCode`
             *     schema; Paxos may add more, so treat unknown codes as opaque.
             * @example kyc_refresh_overdue
             */
            code?: string;
            /** @description Explanation for developers. */
            description?: string;
        };
        /**
         * @description Known values of `RequirementError.code` (list may grow).
         * @enum {string}
         */
        RequirementErrorCode: "identity_verification_failed" | "document_verification_failed" | "screening_in_progress" | "screening_failed" | "assessment_failed" | "kyc_refresh_overdue" | "member_verification_failed" | "member_verification_pending" | "edd_documentation_required" | "compliance_review_required" | "compliance_review_failed" | "tin_not_found" | "identity_verification_required" | "document_upload_required";
        /** @description A restriction on what the identity may do. */
        IdentityControl: {
            /** @description Control id. */
            id?: string;
            type?: components["schemas"]["IdentityControlType"];
            set_by?: components["schemas"]["IdentityControlSetBy"];
            /** @description True when the API client may remove the control itself. */
            is_overridable?: boolean;
            reason_code?: components["schemas"]["IdentityControlReasonCode"];
            /** @description Free-text reason. */
            reason?: string;
            /**
             * Format: date-time
             * @description When the control was set.
             */
            created_at?: string;
            /**
             * Format: date-time
             * @description When the control was removed (only on removed controls).
             */
            deleted_at?: string;
        };
        /**
         * @description `SELL_ONLY` allows selling only, `CLOSED` allows nothing, `FROZEN` is a compliance
         *     freeze, `DORMANT` marks an inactive identity.
         * @enum {string}
         */
        IdentityControlType: "SELL_ONLY" | "CLOSED" | "FROZEN" | "DORMANT";
        /** @enum {string} */
        IdentityControlSetBy: "SET_BY_PAXOS" | "SET_BY_CLIENT";
        /**
         * @description A brokerage (or retirement) account of an identity. Its `summary_status` follows the
         *     primary identity's status, and is `DISABLED` while the account itself is disabled.
         */
        Account: {
            /** @description Account id (set by the server). */
            id?: string;
            /** @description The primary owner. */
            identity_id?: string;
            /** @description Free text for your own use. */
            description?: string;
            /** @description Your own unique reference for the account. */
            ref_id?: string;
            /** @description String key/value pairs for your own use. */
            metadata?: {
                [key: string]: string;
            };
            /** @description Further owners and users of the account, such as a joint owner. */
            members?: components["schemas"]["AccountMember"][];
            /** @description Disabled by Paxos. */
            admin_disabled?: boolean;
            /** @description Disabled by the API client with `set_user_disabled`. */
            user_disabled?: boolean;
            summary_status?: components["schemas"]["IdentityStatus"];
            /** @description The account's profile, when one was created with it. */
            profile_id?: string;
            type?: components["schemas"]["AccountAccountType"];
            /**
             * Format: date-time
             * @description When the account was opened.
             */
            created_at?: string;
            /**
             * Format: date-time
             * @description When the account last changed.
             */
            updated_at?: string;
        };
        /**
         * @description Kind of account. `CRYPTO_BROKERAGE` is not in Paxos's published enum; the institution
         *     onboarding guide sends it, so it is accepted here and stored as given.
         * @enum {string}
         */
        AccountAccountType: "BROKERAGE" | "TRADITIONAL_IRA" | "ROTH_IRA" | "SEP_IRA" | "FINANCIAL_ADVISOR" | "CRYPTO_BROKERAGE";
        /** @description An identity linked to an account with its roles. */
        AccountMember: {
            /** @description Member id (set by the server). */
            id?: string;
            /** @description The member's identity. */
            identity_id?: string;
            type?: components["schemas"]["AccountMemberAccountRoleType"];
            /** @description What the member may do on the account. */
            roles?: components["schemas"]["AccountMemberAccountRoleType"][];
        };
        /** @enum {string} */
        AccountMemberAccountRoleType: "BENEFICIAL_OWNER" | "AUTHORIZED_USER" | "FINANCIAL_ADVISOR";
        CreateAccountRequest: {
            account: components["schemas"]["Account"];
            /** @description Also open a profile for the account. */
            create_profile?: boolean;
        };
        UpdateAccountRequest: {
            account: components["schemas"]["Account"];
            /** @description `true` disables the account, `false` re-enables it. */
            set_user_disabled?: boolean;
        };
        ListAccountsResponse: {
            /** @description Pass as `page_cursor` to get the next page; absent on the last page. */
            next_page_cursor?: string;
            /** @description Accounts on this page. */
            items?: components["schemas"]["Account"][];
        };
        AddAccountMembersRequest: {
            /** @description Account to add members to. */
            account_id: string;
            /** @description Members to add; `id` is set by the server. */
            members: components["schemas"]["AccountMember"][];
        };
        AddAccountMembersResponse: {
            /** @description The account. */
            account_id?: string;
            /** @description The members that were added. */
            members?: components["schemas"]["AccountMember"][];
        };
        /** @description Empty object. */
        DeleteAccountMemberResponse: Record<string, never>;
        /** @description Where an account's assets are held. */
        Profile: {
            /** @description Profile id. */
            id: string;
            /** @description Display name, unique among the caller's active profiles. */
            nickname: string;
            type: components["schemas"]["ProfileType"];
            /** @description Free text for your own use. */
            description?: string;
            /** @description The account the profile belongs to, if any. */
            account_id?: string;
        };
        /** @enum {string} */
        ProfileType: "NORMAL" | "DEFAULT";
        ProfileBalance: {
            /** @description Asset code such as `USD` or `BTC`. */
            asset: string;
            /** @description Amount free to use, as a decimal string. */
            available: string;
            /** @description Amount held by open orders, as a decimal string. */
            trading: string;
        };
        ListProfilesResponse: {
            /** @description Profiles on this page. */
            items?: components["schemas"]["Profile"][];
            /** @description Pass as `page_cursor` to get the next page; absent on the last page. */
            next_page_cursor?: string;
        };
        ListProfileBalancesResponse: {
            /** @description One balance per asset. */
            items?: components["schemas"]["ProfileBalance"][];
        };
        CreateProfileRequest: {
            /** @description Display name; must not be used by another active profile. */
            nickname: string;
            /** @description Free text for your own use. */
            description?: string;
        };
        ProfilePublicUpdateProfileBody: {
            /** @description New display name. */
            nickname: string;
        };
        /** @description Empty object. */
        DeactivateProfileResponse: Record<string, never>;
        /** @description Test funds to credit. */
        FundingSandboxCreateSandboxDepositBody: {
            /** @description Asset code such as `USD` or `BTC`. */
            asset: string;
            /** @description Positive decimal amount. */
            amount: string;
            crypto_network?: components["schemas"]["CryptoNetwork"];
            /** @description Address to credit for a crypto asset (a random one when omitted). */
            crypto_address?: string;
        };
        CreateSandboxDepositResponse: {
            /** @description Id of the deposit activity. */
            activity_id?: string;
        };
        /** @enum {string} */
        CryptoNetwork: "BITCOIN" | "ETHEREUM" | "BITCOIN_CASH" | "LITECOIN" | "SOLANA" | "POLYGON_POS" | "BASE" | "ARBITRUM_ONE" | "INK" | "XLAYER";
        /**
         * @description Why a control was set.
         * @enum {string}
         */
        IdentityControlReasonCode: "OTHER" | "END_USER_REQUEST" | "INACTIVITY" | "COMPLIANCE_KYC" | "COMPLIANCE_EDD" | "COMPLIANCE_SCREENING" | "COMPLIANCE_INVESTIGATION" | "ONBOARDING_INCOMPLETE" | "RISK_FRAUD" | "LEGAL_ORDER" | "ADMINISTRATIVE";
        /**
         * @description The control types a client may set.
         * @enum {string}
         */
        CreateIdentityControlRequestClientIdentityControlType: "SELL_ONLY" | "CLOSED" | "DORMANT";
        CreateIdentityControlRequest: {
            /** @description Identity to restrict. */
            identity_id: string;
            type: components["schemas"]["CreateIdentityControlRequestClientIdentityControlType"];
            reason_code: components["schemas"]["IdentityControlReasonCode"];
            /** @description Free-text reason. */
            reason?: string;
        };
        ListIdentityControlsResponse: {
            /** @description Controls on this page. */
            items?: components["schemas"]["IdentityControl"][];
            /** @description Pass as `page_cursor` to get the next page; absent on the last page. */
            next_page_cursor?: string;
        };
        /** @description Empty object. */
        DeleteIdentityControlResponse: Record<string, never>;
        /** @description Event object (`identity_control`) of `identity.control.created` and `identity.control.deleted`. */
        IdentityControlEvent: {
            /** @description Id of this object (not the control id). */
            id: string;
            /** @description Identity the control belongs to. */
            identity_id: string;
            /** @description The control. */
            control_id: string;
            control_type: components["schemas"]["IdentityControlType"];
            set_by?: components["schemas"]["IdentityControlSetBy"];
            /** @description Whether the client may remove the control. */
            is_overridable?: boolean;
            reason_code?: components["schemas"]["IdentityControlReasonCode"];
        };
        /** @description Send exactly one of `person_details` or `institution_details`. */
        CreateIdentityRequest: {
            person_details?: components["schemas"]["PersonDetails"];
            /** @description Free-form string map owned by the API client. */
            metadata?: {
                [key: string]: string;
            };
            /** @description Client-chosen id; a second create with the same value gets 409. */
            ref_id?: string;
            institution_details?: components["schemas"]["InstitutionDetails"];
            /** @description Members of a new institution (at least one). */
            institution_members?: components["schemas"]["InstitutionMember"][];
            /** @description Tax payer records; needed unless `tax_details_not_required` is true. */
            tax_details?: components["schemas"]["TaxDetail"][];
            /** @description True when tax details are not legally needed. */
            tax_details_not_required?: boolean;
            customer_due_diligence?: components["schemas"]["CustomerDueDiligence"];
            /** @description True for merchants. */
            is_merchant?: boolean;
        };
        /**
         * UpdateIdentityRequest
         * @description Fields to change; anything left out stays as it is.
         */
        IdentityPublicUpdateIdentityBody: {
            person_details?: components["schemas"]["PersonDetails"];
            /** @description Free-form string map owned by the API client. */
            metadata?: {
                [key: string]: string;
            };
            /** @description `true` disables the identity; `false` re-enables it unless Paxos disabled it. */
            set_user_disabled?: boolean;
            institution_details?: components["schemas"]["InstitutionDetails"];
            /** @description New client-chosen id; must stay unique. */
            ref_id?: string;
            /** @description Replaces all tax payer records. */
            tax_details?: components["schemas"]["TaxDetail"][];
            /** @description True when tax details are not legally needed. */
            set_tax_details_not_required?: boolean;
            customer_due_diligence?: components["schemas"]["CustomerDueDiligence"];
            /** @description True for merchants. */
            is_merchant?: boolean;
            /**
             * Format: date-time
             * @description When the end user confirmed their details for a periodic KYC refresh. Leave out for an
             *     ordinary update.
             */
            last_kyc_refresh_date?: string;
        };
        /**
         * SandboxSetIdentityStatusRequest
         * @description Sub-statuses and disable flags to force; fields left out are unchanged.
         */
        IdentitySandboxSandboxSetIdentityStatusBody: {
            id_verification_status?: components["schemas"]["IdentityStatus"];
            sanctions_verification_status?: components["schemas"]["IdentityStatus"];
            user_disabled?: components["schemas"]["SetDisable"];
            admin_disabled?: components["schemas"]["SetDisable"];
            document_verification_status?: components["schemas"]["IdentityStatus"];
            additional_screening_status?: components["schemas"]["IdentityStatus"];
        };
        SetDisable: {
            /** @description New value of the flag. */
            disabled?: boolean;
        };
        /** @description Always an empty object. */
        SandboxSetIdentityResponse: Record<string, never>;
        /**
         * @description Personal data of a person identity. The `*_status` fields are set by Paxos (or the sandbox
         *     endpoint) and ignored on input. With `verifier_type: PASSTHROUGH` the client supplies the
         *     outcome of its own ID verification in the `passthrough_*` fields.
         */
        PersonDetails: {
            id_verification_status?: components["schemas"]["IdentityStatus"];
            sanctions_verification_status?: components["schemas"]["IdentityStatus"];
            first_name?: string;
            last_name?: string;
            /** @description YYYY-MM-DD. */
            date_of_birth?: string;
            /** @description Deprecated alias of `cip_id`. */
            govt_id?: string;
            address?: components["schemas"]["IdentityMailingAddress"];
            phone_number?: string;
            email?: string;
            /** @description ISO 3166-1 alpha-3 country code. */
            nationality?: string;
            /** @description Id of the person at the external verifier. */
            verifier_id?: string;
            verifier_type?: components["schemas"]["identityprotoVerifierType"];
            /** @description Link for the end user to complete ID verification, when one applies. */
            id_verification_url?: string;
            passthrough_verifier_type?: components["schemas"]["PassthroughVerifierType"];
            /**
             * Format: date-time
             * @description When the client's verifier finished ID verification.
             */
            passthrough_verified_at?: string;
            govt_id_type?: components["schemas"]["PersonDetailsCIPIDType"];
            /**
             * @description Customer identification number; SSN and ITIN as `xxx-xx-xxxx`, EIN as `xx-xxxxxxx`.
             *     Unique per identity together with `cip_id_type` and `cip_id_country`.
             */
            cip_id?: string;
            cip_id_type?: components["schemas"]["PersonDetailsCIPIDType"];
            /** @description ISO 3166-1 alpha-3 country that issued `cip_id`. */
            cip_id_country?: string;
            additional_screening_status?: components["schemas"]["IdentityStatus"];
            profession?: string;
            middle_name?: string;
            country_of_birth?: string;
            /** @description Id of the verification record at the client's verifier. */
            passthrough_verification_id?: string;
            passthrough_verification_status?: components["schemas"]["IdentityStatus"];
            /** @description Attributes the client's verifier checked. */
            passthrough_verification_fields?: components["schemas"]["PassthroughVerificationField"][];
        };
        /**
         * @description US residents must use `SSN` or `ITIN`.
         * @enum {string}
         */
        PersonDetailsCIPIDType: "SSN" | "ID_CARD" | "ITIN" | "PASSPORT" | "DRIVING_LICENSE" | "VISA";
        /** @enum {string} */
        identityprotoVerifierType: "PAXOS" | "PASSTHROUGH" | "MANUAL";
        /**
         * @description ID verification vendor used by the client.
         * @enum {string}
         */
        PassthroughVerifierType: "JUMIO" | "ALLOY" | "LEXISNEXIS" | "MITEK" | "SUMSUB" | "MICROBILT" | "ONFIDO" | "CUSTOMER" | "EQUIFAX" | "ID3_AUTHENTICATE" | "FIS" | "PROVE" | "PERSONA" | "PLAID" | "DOTFILE" | "AIPRISE";
        /** @enum {string} */
        PassthroughVerificationField: "FULL_LEGAL_NAME" | "ADDRESS" | "DATE_OF_BIRTH" | "CIP_ID";
        /** @description Postal address. Send `address2` as an empty string to clear it. */
        IdentityMailingAddress: {
            country: string;
            address1: string;
            address2?: string;
            city: string;
            province: string;
            zip_code?: string;
        };
        TaxDetail: {
            /** @description National tax number (SSN, TIN or EIN in the US). */
            tax_payer_id?: string;
            /** @description ISO 3166-1 alpha-3 country of the tax number. */
            tax_payer_country?: string;
            tin_verification_status?: components["schemas"]["TINVerificationStatus"];
        };
        /**
         * @description Outcome of checking `tax_payer_id` (US only).
         * @enum {string}
         */
        TINVerificationStatus: "TIN_VERIFICATION_PENDING" | "TIN_VERIFICATION_ERROR" | "TIN_VERIFICATION_VALID";
        /**
         * @description Company data of an institution identity. The `*_status` fields are set by Paxos (or the
         *     sandbox endpoint) and ignored on input.
         */
        InstitutionDetails: {
            sanctions_verification_status?: components["schemas"]["IdentityStatus"];
            name?: string;
            business_address?: components["schemas"]["IdentityMailingAddress"];
            phone_number?: string;
            email?: string;
            institution_type?: components["schemas"]["InstitutionType"];
            institution_sub_type?: components["schemas"]["InstitutionSubType"];
            /** @description Registration or tax number; EIN as `xx-xxxxxxx`. */
            cip_id?: string;
            cip_id_type?: components["schemas"]["InstitutionCIPIDType"];
            /** @description ISO 3166-1 alpha-3 country that issued `cip_id`. */
            cip_id_country?: string;
            /**
             * Format: date-time
             * @description Date of government registration.
             */
            govt_registration_date?: string;
            incorporation_address?: components["schemas"]["IdentityMailingAddress"];
            regulation_status?: components["schemas"]["RegulationStatus"];
            trading_type?: components["schemas"]["TradingType"];
            /** @description Exchange where the shares are listed. */
            listed_exchange?: string;
            /** @description Own ticker, or the parent's for a listed subsidiary. */
            ticker_symbol?: string;
            /** @description Parent company name for a subsidiary. */
            parent_institution_name?: string;
            regulator_name?: string;
            regulator_jurisdiction?: string;
            regulator_register_number?: string;
            document_verification_status?: components["schemas"]["IdentityStatus"];
            additional_screening_status?: components["schemas"]["IdentityStatus"];
            /** @description Trading name, if different from `name`. */
            doing_business_as?: string;
            /** @description What the business does, in free text. */
            business_description?: string;
        };
        /** @enum {string} */
        InstitutionType: "TRUST" | "CORPORATION" | "LLC" | "PARTNERSHIP";
        /** @enum {string} */
        InstitutionCIPIDType: "EIN" | "SSN" | "ITIN" | "REGISTRATION_NUMBER";
        /**
         * @description Industry or category of the institution; also used for CDD sector fields.
         * @enum {string}
         */
        InstitutionSubType: "INVESTMENT" | "HEDGE_FUND" | "MONEY_SERVICE_BUSINESS" | "STO_ISSUER" | "PRECIOUS_METALS" | "NON_PROFIT" | "REGISTERED_INVESTMENT_ADVISOR" | "AGRICULTURE_FORESTRY_FISHING_HUNTING" | "MINING" | "UTILITIES" | "CONSTRUCTION" | "MANUFACTURING" | "WHOLESALE_TRADE" | "RETAIL_TRADE" | "TRANSPORTATION_WAREHOUSING" | "INFORMATION" | "FINANCE_INSURANCE" | "REAL_ESTATE_RENTAL_LEASING" | "PROFESSIONAL_SCIENTIFIC_TECHNICAL_SERVICES" | "MANAGEMENT_OF_COMPANIES_ENTERPRISES" | "ADMINISTRATIVE_SUPPORT_WASTE_MANAGEMENT_REMEDIATION_SERVICES" | "EDUCATIONAL_SERVICES" | "HEALTH_CARE_SOCIAL_ASSISTANCE" | "ARTS_ENTERTAINMENT_RECREATION" | "ACCOMMODATION_FOOD_SERVICES" | "OTHER_SERVICES" | "PUBLIC_ADMINISTRATION" | "NOT_CLASSIFIED" | "ADULT_ENTERTAINMENT" | "AUCTIONS" | "AUTOMOBILES" | "BLOCKCHAIN" | "CRYPTO" | "DRUGS" | "EXPORT_IMPORT" | "E_COMMERCE" | "FINANCIAL_INSTITUTION" | "GAMBLING" | "INSURANCE" | "MARKET_MAKER" | "SHELL_BANK" | "TRAVEL_TRANSPORT" | "WEAPONS";
        /** @enum {string} */
        RegulationStatus: "US_REGULATED" | "INTL_REGULATED" | "NON_REGULATED";
        /** @enum {string} */
        TradingType: "PRIVATE" | "PUBLIC" | "PUBLICLY_TRADED_SUBSIDIARY";
        /** @description Link between an institution and one person identity. */
        InstitutionMember: {
            /** @description Identity id of the member person. */
            identity_id?: string;
            /** @description Roles the person has in the institution. */
            roles?: components["schemas"]["InstitutionRoleType"][];
            /** @description Ownership share in percent as a decimal string, e.g. `"25"`. */
            ownership?: string;
            /** @description Job title or position in the institution. */
            position?: string;
            /** @description Member's full name (read-only). */
            name?: string;
            summary_status?: components["schemas"]["IdentityStatus"];
            /** @description Member id, generated by the server. Sending one on create is an error. */
            id?: string;
        };
        /**
         * @description Trusts take `GRANTOR`, `TRUSTEE`, `BENEFICIARY`; corporations, LLCs and partnerships take
         *     `BENEFICIAL_OWNER`, `AUTHORIZED_USER`, `MANAGEMENT_CONTROL_PERSON`.
         * @enum {string}
         */
        InstitutionRoleType: "BENEFICIAL_OWNER" | "ACCOUNT_OPENER" | "TRUSTEE" | "AUTHORIZED_USER" | "GRANTOR" | "MANAGEMENT_CONTROL_PERSON" | "BENEFICIARY";
        AddInstitutionMembersRequest: {
            /** @description Institution identity that gains the members. */
            institution_id: string;
            /** @description Members to add; must not be empty. */
            members: components["schemas"]["InstitutionMember"][];
        };
        AddInstitutionMembersResponse: {
            /** @description Institution identity the members were added to. */
            institution_id?: string;
            /** @description The added members with their generated ids. */
            members?: components["schemas"]["InstitutionMember"][];
        };
        /** @description Always an empty object. */
        DeleteInstitutionMemberResponse: Record<string, never>;
        /** @description Risk-profile answers collected from the end user or institution. */
        CustomerDueDiligence: {
            /** @description Other names the identity is known by. */
            aliases?: string[];
            estimated_net_worth?: components["schemas"]["CustomerDueDiligenceNetWorthRange"];
            estimated_yearly_income?: components["schemas"]["CustomerDueDiligenceYearlyIncomeRange"];
            expected_transfer_value?: components["schemas"]["CustomerDueDiligenceTransferValueRange"];
            source_of_wealth?: components["schemas"]["WealthSource"];
            source_of_funds?: components["schemas"]["FundsSource"];
            purpose_of_account?: components["schemas"]["AccountPurpose"];
            employment_status?: components["schemas"]["EmploymentStatus"];
            employment_industry_sector?: components["schemas"]["InstitutionSubType"];
            industry_sector?: components["schemas"]["InstitutionSubType"];
            /** @description Institution is backed by a trust structure. */
            has_underlying_trust_structure?: boolean;
            /** @description Institution has nominee shareholders. */
            has_nominee_shareholders?: boolean;
            /**
             * Format: date-time
             * @description When these answers were recorded.
             */
            created_at?: string;
            /** @description Company shares trade on a public exchange. */
            is_publicly_traded?: boolean;
            merchant_funding_source?: components["schemas"]["MerchantFundingSourceFundingSource"];
            /** @description Where the institution's customers are. */
            customer_regions?: components["schemas"]["CustomerRegion"][];
        };
        /** @enum {string} */
        CustomerDueDiligenceNetWorthRange: "NET_WORTH_0_TO_100K" | "NET_WORTH_100K_TO_500K" | "NET_WORTH_500K_TO_1M" | "NET_WORTH_1M_TO_2_5M" | "NET_WORTH_2_5M_TO_5M" | "NET_WORTH_5M_TO_7_5M" | "NET_WORTH_7_5M_TO_10M" | "NET_WORTH_10M_TO_25M" | "NET_WORTH_25M_TO_50M" | "NET_WORTH_OVER_50M";
        /** @enum {string} */
        CustomerDueDiligenceYearlyIncomeRange: "INCOME_0_TO_50K" | "INCOME_50K_TO_100K" | "INCOME_100K_TO_250K" | "INCOME_250K_TO_500K" | "INCOME_500K_TO_750K" | "INCOME_750K_TO_1M" | "INCOME_ABOVE_1M";
        /** @enum {string} */
        CustomerDueDiligenceTransferValueRange: "TRANSFER_VALUE_0_TO_25K" | "TRANSFER_VALUE_25K_TO_50K" | "TRANSFER_VALUE_50K_TO_100K" | "TRANSFER_VALUE_100K_TO_250K" | "TRANSFER_VALUE_250K_TO_500K" | "TRANSFER_VALUE_500K_TO_750K" | "TRANSFER_VALUE_750K_TO_1M" | "TRANSFER_VALUE_1M_TO_2_5M" | "TRANSFER_VALUE_2_5M_TO_5M" | "TRANSFER_VALUE_ABOVE_5M";
        /** @enum {string} */
        WealthSource: "INHERITANCE" | "INVESTMENT_GAINS" | "BUSINESS_OWNERSHIP_DIVIDENDS" | "EMPLOYMENT_INCOME" | "REAL_ESTATE" | "OTHER_SOURCE_OF_WEALTH";
        /** @enum {string} */
        FundsSource: "SALARY_DISBURSEMENT" | "INHERITANCE_DISTRIBUTION" | "INVESTMENT_RETURNS" | "BUSINESS_DIVIDENDS_PROFITS" | "PROPERTY_SALE" | "LOAN_DISBURSEMENT" | "SAVINGS_ACCOUNT_WITHDRAWAL" | "GOVERNMENT_BENEFITS";
        /** @enum {string} */
        AccountPurpose: "INVESTMENT_TRADING" | "SAVINGS" | "STABLECOIN_PURCHASE_REDEMPTION";
        /** @enum {string} */
        EmploymentStatus: "CONTRACTUAL" | "FULL_TIME" | "PART_TIME" | "RETIRED" | "SELF_EMPLOYED" | "STUDENT" | "UNEMPLOYED";
        /** @enum {string} */
        MerchantFundingSourceFundingSource: "BUSINESS_LOANS_FINANCING" | "SALARY_SAVINGS" | "INVESTMENT_GAINS" | "INHERITANCE" | "REAL_ESTATE_INCOME" | "NON_PROFIT_SOURCES" | "OTHER_BUSINESS_INCOME";
        /** @enum {string} */
        CustomerRegion: "US_CANADA" | "MEXICO_CENTRAL_AMERICA" | "SOUTH_AMERICA" | "EUROPE" | "ASIA" | "AFRICA" | "OCEANIA";
        /** DocumentUploadRequest */
        IdentityPublicDocumentUploadBody: {
            /** @description File name, up to 260 characters, unique per identity. */
            name: string;
            /** @description Document types the file contains. */
            document_types?: components["schemas"]["DocumentType"][];
        };
        DocumentUploadResponse: {
            /** @description Id of the new document. */
            file_id?: string;
            /** @description File name as registered. */
            name?: string;
            /** @description Pre-signed URL that receives the file bytes. */
            upload_url?: string;
        };
        DocumentDescription: {
            /** @description Document id. */
            file_id?: string;
            /** @description File name. */
            name?: string;
            /** @description Document types the file contains. */
            document_types?: components["schemas"]["DocumentType"][];
            /**
             * Format: date-time
             * @description When the document was registered.
             */
            created_at?: string;
            /**
             * Format: date-time
             * @description When the document was archived, if it was.
             */
            archived_at?: string;
        };
        ListIdentityDocumentsResponse: {
            /** @description Stored documents. */
            documents?: components["schemas"]["DocumentDescription"][];
            /** @description Mandatory document types not received yet (with `include_pending_docs=true`). */
            pending_documents?: components["schemas"]["DocumentType"][];
        };
        /** @enum {string} */
        DocumentType: "OTHER_DOCUMENTS" | "APPLICATION" | "ORGANIZATIONAL_DOCUMENTS" | "CERTIFICATE_OF_GOOD_STANDING" | "TAX_IDENTIFICATION" | "IDENTITY_VERIFICATION" | "PROOF_OF_RESIDENCY" | "PROOF_OF_FUNDS" | "SAMPLE_INVOICE" | "OPERATING_AGREEMENT" | "TRUST_DOCUMENTS" | "MONEY_SERVICE_DOCUMENTS" | "INVESTMENT_DOCUMENTS" | "CURP" | "AML_DOCUMENTS" | "FUND_STRUCTURE_CHART" | "FUND_MANAGER_REGISTRATION" | "MEMORANDUM_OF_ASSOCIATION" | "ORGANIZATIONAL_CHART" | "FOUNDATION_BY_LAWS" | "APPOINTMENT_OF_GUARDIAN_EVIDENCE" | "LEGAL_DOMICILE_OF_BENEFICIAL_OWNERS" | "GOVERNING_BODY_MEMBER_NAMES";
        /**
         * @description Something that happened to one of the caller's resources. `object` holds a payload whose
         *     shape is named by `object_type`; for identity events see `IdentitySummaryStatusChange`,
         *     `IdentityDocumentsRequired` and `IdentityKycRefresh`. New types may appear at any time and
         *     should be ignored by consumers that do not know them.
         */
        Event: {
            /** @description Event id (UUID); also the `id` of the webhook delivery. */
            id?: string;
            /** @description Event type such as `identity.approved`; see `IdentityEventType`. */
            type?: string;
            /** @description Name of the payload shape in `object`, e.g. `identity_summary_status_change`. */
            object_type?: string;
            /** @description The payload described by `object_type`. */
            object?: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description When the event was created, RFC3339 with fractional seconds.
             */
            created_at?: string;
            /**
             * Format: int32
             * @description Webhook deliveries of this event that have not succeeded.
             */
            undelivered_webhooks?: number;
            /** @description True for test events sent from the Dashboard. */
            is_test?: boolean;
        };
        ListEventsResponse: {
            /** @description Events, oldest first. */
            events?: components["schemas"]["Event"][];
        };
        /**
         * @description Identity event types (value of `Event.type`). `approved`, `denied` and `disabled` carry an
         *     `identity_summary_status_change` object; `documents_required` an
         *     `identity_documents_required` object; the three `kyc_refresh` types an
         *     `identity_kyc_refresh` object; the two `control` types an `identity_control` object
         *     (`IdentityControlEvent`). No event is emitted for moves into `PENDING` or `ERROR`.
         * @enum {string}
         */
        IdentityEventType: "identity.approved" | "identity.denied" | "identity.disabled" | "identity.documents_required" | "identity.kyc_refresh.started" | "identity.kyc_refresh.completed" | "identity.kyc_refresh.expired" | "identity.control.created" | "identity.control.deleted";
        /** @description Event object (`identity_summary_status_change`) for a change of overall status. */
        IdentitySummaryStatusChange: {
            /** @description Id of this object (not the identity id). */
            id: string;
            /** @description Identity whose status changed. */
            identity_id: string;
            old_summary_status?: components["schemas"]["IdentityStatus"];
            new_summary_status: components["schemas"]["IdentityStatus"];
            status_details?: components["schemas"]["StatusDetails"];
        };
        /** @description Event object (`identity_documents_required`) asking for more documents. */
        IdentityDocumentsRequired: {
            /** @description Id of this object (not the identity id). */
            id: string;
            /** @description Identity that must supply documents. */
            identity_id: string;
            /** @description Document types to upload through Document Upload. */
            required_documents: components["schemas"]["DocumentType"][];
        };
        /** @description Event object (`identity_kyc_refresh`) for periodic KYC refresh milestones. */
        IdentityKycRefresh: {
            /** @description Id of this object (not the identity id). */
            id: string;
            /** @description Identity under refresh. */
            identity_id: string;
            /**
             * Format: date-time
             * @description When the last refresh was completed.
             */
            last_kyc_refresh_date?: string;
            /**
             * Format: date-time
             * @description When the next refresh is due.
             */
            next_kyc_refresh_date?: string;
        };
        /**
         * @description Body of a webhook POST. It only names the event; fetch the full event with Get Event
         *     using `id`. Deliveries may repeat, so de-duplicate on `id`.
         */
        WebhookEventNotification: {
            /**
             * Format: uuid
             * @description Event id, usable with Get Event.
             */
            id: string;
            /** @description Event type, e.g. `identity.approved`. */
            type: string;
            /** @enum {string} */
            source: "com.paxos";
            /**
             * Format: date-time
             * @description When the event was created.
             */
            time: string;
            /** @enum {string} */
            object: "event";
            /** @description True only for test sends from the Dashboard. */
            is_test?: boolean;
        };
    };
    responses: {
        /** @description The request failed validation; `detail` says which field. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Problem"];
            };
        };
        /** @description Bearer token missing, malformed or expired. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Problem"];
            };
        };
        /** @description The token lacks the required scope, or the caller is not allowed to do this. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Problem"];
            };
        };
        /** @description The token lacks `events:read_event`. */
        EventsForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource for the caller. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Problem"];
            };
        };
        /** @description The change clashes with an existing record; `meta.existing` points at it. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Problem"];
            };
        };
        /** @description Rate limit exceeded; the caller's IP is throttled for a while. */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description Profile id. */
        ProfileId: string;
        /** @description Identity id. */
        IdentityId: string;
        /** @description `true` for test events only, `false` (default) for real events only. */
        IsTest: boolean;
        /** @description Created strictly before this RFC3339 time, e.g. `2006-01-02T15:04:05Z`. */
        CreatedAtLt: string;
        /** @description Created at or before this RFC3339 time. */
        CreatedAtLte: string;
        /** @description Created exactly at this RFC3339 time. */
        CreatedAtEq: string;
        /** @description Created at or after this RFC3339 time. */
        CreatedAtGte: string;
        /** @description Created strictly after this RFC3339 time. */
        CreatedAtGt: string;
        /** @description Updated strictly before this RFC3339 time. */
        UpdatedAtLt: string;
        /** @description Updated at or before this RFC3339 time. */
        UpdatedAtLte: string;
        /** @description Updated exactly at this RFC3339 time. */
        UpdatedAtEq: string;
        /** @description Updated at or after this RFC3339 time. */
        UpdatedAtGte: string;
        /** @description Updated strictly after this RFC3339 time. */
        UpdatedAtGt: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAccessToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
                "multipart/form-data": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description Token issued. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description Malformed request, unsupported grant type or scope not allowed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description Unknown client or wrong secret. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    ListIdentities: {
        parameters: {
            query?: {
                /** @description Only identities with this summary status. */
                summary_status?: "PENDING" | "ERROR" | "APPROVED" | "DENIED" | "DISABLED";
                /** @description Created strictly before this RFC3339 time, e.g. `2006-01-02T15:04:05Z`. */
                "created_at.lt"?: components["parameters"]["CreatedAtLt"];
                /** @description Created at or before this RFC3339 time. */
                "created_at.lte"?: components["parameters"]["CreatedAtLte"];
                /** @description Created exactly at this RFC3339 time. */
                "created_at.eq"?: components["parameters"]["CreatedAtEq"];
                /** @description Created at or after this RFC3339 time. */
                "created_at.gte"?: components["parameters"]["CreatedAtGte"];
                /** @description Created strictly after this RFC3339 time. */
                "created_at.gt"?: components["parameters"]["CreatedAtGt"];
                /** @description Updated strictly before this RFC3339 time. */
                "updated_at.lt"?: components["parameters"]["UpdatedAtLt"];
                /** @description Updated at or before this RFC3339 time. */
                "updated_at.lte"?: components["parameters"]["UpdatedAtLte"];
                /** @description Updated exactly at this RFC3339 time. */
                "updated_at.eq"?: components["parameters"]["UpdatedAtEq"];
                /** @description Updated at or after this RFC3339 time. */
                "updated_at.gte"?: components["parameters"]["UpdatedAtGte"];
                /** @description Updated strictly after this RFC3339 time. */
                "updated_at.gt"?: components["parameters"]["UpdatedAtGt"];
                /** @description Maximum number of identities in one page, 1 to 1000 (100 when omitted). */
                limit?: number;
                /** @description Sort direction by creation time. `DESC` when omitted. */
                order?: "DESC" | "ASC";
                /** @description Sort key. Only creation time is supported. */
                order_by?: "CREATED_AT";
                /** @description Opaque cursor taken from `next_page_cursor` of the previous page. */
                page_cursor?: string;
                /** @description Only persons or only institutions. */
                identity_type?: "PERSON" | "INSTITUTION";
                /**
                 * @description Preview filter (2025-09-22 identity-controls preview): only identities with an active
                 *     control of this type in `status_details.active_controls`. Same meaning as
                 *     `control_type`; when both are given they must be equal.
                 */
                active_control_type?: components["schemas"]["IdentityControlType"];
                /**
                 * @description Spelling used by Paxos's dormancy guide (`control_type=DORMANT`) for the same filter as
                 *     `active_control_type`; when both are given they must be equal.
                 */
                control_type?: components["schemas"]["IdentityControlType"];
                /**
                 * @description Preview filter (2025-09-22 identity-controls preview): only identities with an active
                 *     control with this reason code; combined with `active_control_type` (or `control_type`)
                 *     the same control must match both.
                 */
                active_control_reason_code?: components["schemas"]["IdentityControlReasonCode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of identities. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListIdentitiesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    CreateIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateIdentityRequest"];
            };
        };
        responses: {
            /** @description Identity created; its status is `PENDING`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Identity"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description An identity with the same `ref_id` or the same CIP triple already exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    ListIdentityDocuments: {
        parameters: {
            query?: {
                /** @description Also return `pending_documents`. */
                include_pending_docs?: boolean;
            };
            header?: never;
            path: {
                /** @description Identity the documents belong to. */
                identity_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Documents of the identity. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListIdentityDocumentsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No such identity. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    DocumentUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Identity the documents belong to. */
                identity_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentityPublicDocumentUploadBody"];
            };
        };
        responses: {
            /** @description Upload slot created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentUploadResponse"];
                };
            };
            /** @description Missing or invalid file name. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description Missing scope, or document storage is not enabled for the caller. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description No such identity. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description A file with this name already exists for the identity. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    GetIdentity: {
        parameters: {
            query?: {
                /** @description Include `person_details` or `institution_details`. */
                include_details?: boolean;
                /** @description Include `institution_members` for an institution. */
                include_institution_members?: boolean;
            };
            header?: never;
            path: {
                /** @description Identity id. */
                id: components["parameters"]["IdentityId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The identity. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Identity"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    UpdateIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Identity id. */
                id: components["parameters"]["IdentityId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentityPublicUpdateIdentityBody"];
            };
        };
        responses: {
            /** @description The updated identity. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Identity"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    SandboxSetIdentityStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Identity id. */
                id: components["parameters"]["IdentityId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentitySandboxSandboxSetIdentityStatusBody"];
            };
        };
        responses: {
            /** @description Statuses stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxSetIdentityResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    AddInstitutionMembers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddInstitutionMembersRequest"];
            };
        };
        responses: {
            /** @description The members that were added, each with its new `id`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddInstitutionMembersResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    DeleteInstitutionMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Institution member id (not the member's identity id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Member removed; empty object. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteInstitutionMemberResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    ListAccounts: {
        parameters: {
            query?: {
                /** @description `next_page_cursor` of the previous page. */
                page_cursor?: string;
                /** @description Sort direction by creation time; `DESC` when omitted. */
                order?: "DESC" | "ASC";
                /** @description Sort field; only `CREATED_AT`. */
                order_by?: "CREATED_AT";
                /** @description Page size, 1 to 1000 (100 when omitted). */
                limit?: number;
                /** @description Created strictly before this RFC3339 time, e.g. `2006-01-02T15:04:05Z`. */
                "created_at.lt"?: components["parameters"]["CreatedAtLt"];
                /** @description Created at or before this RFC3339 time. */
                "created_at.lte"?: components["parameters"]["CreatedAtLte"];
                /** @description Created exactly at this RFC3339 time. */
                "created_at.eq"?: components["parameters"]["CreatedAtEq"];
                /** @description Created at or after this RFC3339 time. */
                "created_at.gte"?: components["parameters"]["CreatedAtGte"];
                /** @description Created strictly after this RFC3339 time. */
                "created_at.gt"?: components["parameters"]["CreatedAtGt"];
                /** @description Only accounts whose primary owner is this identity. */
                identity_id?: string;
                /** @description Updated strictly before this RFC3339 time. */
                "updated_at.lt"?: components["parameters"]["UpdatedAtLt"];
                /** @description Updated at or before this RFC3339 time. */
                "updated_at.lte"?: components["parameters"]["UpdatedAtLte"];
                /** @description Updated exactly at this RFC3339 time. */
                "updated_at.eq"?: components["parameters"]["UpdatedAtEq"];
                /** @description Updated at or after this RFC3339 time. */
                "updated_at.gte"?: components["parameters"]["UpdatedAtGte"];
                /** @description Updated strictly after this RFC3339 time. */
                "updated_at.gt"?: components["parameters"]["UpdatedAtGt"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of accounts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListAccountsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    UpdateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAccountRequest"];
            };
        };
        responses: {
            /** @description The account after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    CreateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAccountRequest"];
            };
        };
        responses: {
            /** @description The new account. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    GetAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Account id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    AddAccountMembers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddAccountMembersRequest"];
            };
        };
        responses: {
            /** @description The members that were added, each with its new `id`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddAccountMembersResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    DeleteAccountMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Account member id (not the member's identity id). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Member removed; empty object. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteAccountMemberResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    ListProfiles: {
        parameters: {
            query?: {
                /** @description Created strictly before this RFC3339 time, e.g. `2006-01-02T15:04:05Z`. */
                "created_at.lt"?: components["parameters"]["CreatedAtLt"];
                /** @description Created at or before this RFC3339 time. */
                "created_at.lte"?: components["parameters"]["CreatedAtLte"];
                /** @description Created exactly at this RFC3339 time. */
                "created_at.eq"?: components["parameters"]["CreatedAtEq"];
                /** @description Created at or after this RFC3339 time. */
                "created_at.gte"?: components["parameters"]["CreatedAtGte"];
                /** @description Created strictly after this RFC3339 time. */
                "created_at.gt"?: components["parameters"]["CreatedAtGt"];
                /** @description Page size, 1 to 1000 (100 when omitted). */
                limit?: number;
                /** @description Sort direction by creation time; `DESC` when omitted. */
                order?: "DESC" | "ASC";
                /** @description Sort field; only `CREATED_AT`. */
                order_by?: "CREATED_AT";
                /** @description `next_page_cursor` of the previous page. */
                page_cursor?: string;
                /** @description Only profiles with exactly this nickname. */
                nickname?: string;
                /** @description Only these profile ids (repeat the parameter or separate with commas). */
                ids?: string[];
                /** @description Only the profile of this account (used by the institution onboarding guide). */
                account_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of profiles. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListProfilesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    CreateProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProfileRequest"];
            };
        };
        responses: {
            /** @description The new profile. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    GetProfile: {
        parameters: {
            query?: {
                /** @description Also find a deactivated profile. */
                include_deactivated?: boolean;
            };
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    UpdateProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfilePublicUpdateProfileBody"];
            };
        };
        responses: {
            /** @description The profile after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    ListProfileBalances: {
        parameters: {
            query?: {
                /** @description Only these assets (repeat the parameter or separate with commas). */
                assets?: string[];
            };
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The balances. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListProfileBalancesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    GetProfileBalance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
                /** @description Asset code such as `USD` or `BTC`. */
                asset: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The balance. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileBalance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    DeactivateProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deactivated; empty object. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeactivateProfileResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    CreateSandboxDeposit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Profile id. */
                profile_id: components["parameters"]["ProfileId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FundingSandboxCreateSandboxDepositBody"];
            };
        };
        responses: {
            /** @description The deposit was credited. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateSandboxDepositResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    ListIdentityControls: {
        parameters: {
            query: {
                /** @description Identity whose controls are listed. */
                identity_id: string;
                /** @description Include removed controls. */
                include_deleted?: boolean;
                /** @description Page size, 1 to 1000 (100 when omitted). */
                limit?: number;
                /** @description `next_page_cursor` of the previous page. */
                page_cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of controls. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListIdentityControlsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    CreateIdentityControl: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateIdentityControlRequest"];
            };
        };
        responses: {
            /** @description The new control. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityControl"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    DeleteIdentityControl: {
        parameters: {
            query: {
                /** @description Control to remove. May instead be sent as `id` in the body. */
                control_id: string;
                /** @description Why the control is removed. */
                reason?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed; empty object. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteIdentityControlResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    ListEvents: {
        parameters: {
            query?: {
                /** @description Created strictly before this RFC3339 time, e.g. `2006-01-02T15:04:05Z`. */
                "created_at.lt"?: components["parameters"]["CreatedAtLt"];
                /** @description Created at or before this RFC3339 time. */
                "created_at.lte"?: components["parameters"]["CreatedAtLte"];
                /** @description Created exactly at this RFC3339 time. */
                "created_at.eq"?: components["parameters"]["CreatedAtEq"];
                /** @description Created at or after this RFC3339 time. */
                "created_at.gte"?: components["parameters"]["CreatedAtGte"];
                /** @description Created strictly after this RFC3339 time. */
                "created_at.gt"?: components["parameters"]["CreatedAtGt"];
                /** @description Page size between 1 and 100; 100 when omitted. */
                limit?: number;
                /** @description Only events of this type, e.g. `identity.approved`. All types when omitted. */
                type?: string;
                /** @description `true` for test events only, `false` (default) for real events only. */
                is_test?: components["parameters"]["IsTest"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events in ascending `created_at` order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEventsResponse"];
                };
            };
            /** @description Invalid filter or limit. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["EventsForbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    GetEvent: {
        parameters: {
            query?: {
                /** @description `true` for test events only, `false` (default) for real events only. */
                is_test?: components["parameters"]["IsTest"];
            };
            header?: never;
            path: {
                /** @description The event `id` (a UUID), as found in a webhook or in List Events. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Event"];
                };
            };
            /** @description The id is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["EventsForbidden"];
            /** @description No such event for the caller. The body carries no `detail`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
}
