/**
 * @module types
 * The only place where generated schemas get short names. Everything else in
 * the project (client, simulator, fixtures) imports its wire types from here.
 */
import type { components, operations, paths } from './generated/paxos-identity.js';

type S = components['schemas'];

export type { components, operations, paths };

// Identity
export type Identity = S['Identity'];
export type IdentityStatus = S['IdentityStatus'];
export type IdentityType = S['IdentityType'];
export type PersonDetails = S['PersonDetails'];
export type InstitutionDetails = S['InstitutionDetails'];
export type IdentityMailingAddress = S['IdentityMailingAddress'];
export type TaxDetail = S['TaxDetail'];
export type CustomerDueDiligence = S['CustomerDueDiligence'];
export type CreateIdentityRequest = S['CreateIdentityRequest'];
export type UpdateIdentityRequest = S['IdentityPublicUpdateIdentityBody'];
export type SandboxSetIdentityStatusRequest = S['IdentitySandboxSandboxSetIdentityStatusBody'];
export type ListIdentitiesResponse = S['ListIdentitiesResponse'];
export type VerifierType = S['identityprotoVerifierType'];
export type PassthroughVerifierType = S['PassthroughVerifierType'];
export type PassthroughVerificationField = S['PassthroughVerificationField'];
export type PersonCipIdType = S['PersonDetailsCIPIDType'];
export type InstitutionCipIdType = S['InstitutionCIPIDType'];
export type InstitutionType = S['InstitutionType'];
export type InstitutionSubType = S['InstitutionSubType'];

// Status details (2026 shape)
export type StatusDetails = S['StatusDetails'];
export type IdentityRequirement = S['IdentityRequirement'];
export type IdentityRequirementType = S['IdentityRequirementType'];
export type RequirementErrorCode = S['RequirementErrorCode'];
export type IdentityControl = S['IdentityControl'];
export type IdentityControlType = S['IdentityControlType'];
export type IdentityControlReasonCode = S['IdentityControlReasonCode'];
export type ClientIdentityControlType = S['CreateIdentityControlRequestClientIdentityControlType'];
export type CreateIdentityControlRequest = S['CreateIdentityControlRequest'];
export type ListIdentityControlsResponse = S['ListIdentityControlsResponse'];
export type IdentityControlEvent = S['IdentityControlEvent'];

// Accounts and profiles
export type Account = S['Account'];
export type AccountType = S['AccountAccountType'];
export type AccountMember = S['AccountMember'];
export type AccountRoleType = S['AccountMemberAccountRoleType'];
export type CreateAccountRequest = S['CreateAccountRequest'];
export type UpdateAccountRequest = S['UpdateAccountRequest'];
export type ListAccountsResponse = S['ListAccountsResponse'];
export type AddAccountMembersRequest = S['AddAccountMembersRequest'];
export type AddAccountMembersResponse = S['AddAccountMembersResponse'];
export type Profile = S['Profile'];
export type ProfileBalance = S['ProfileBalance'];
export type ListProfilesResponse = S['ListProfilesResponse'];
export type ListProfileBalancesResponse = S['ListProfileBalancesResponse'];
export type CreateProfileRequest = S['CreateProfileRequest'];
export type UpdateProfileRequest = S['ProfilePublicUpdateProfileBody'];
export type SandboxDepositRequest = S['FundingSandboxCreateSandboxDepositBody'];
export type SandboxDepositResponse = S['CreateSandboxDepositResponse'];

// Institution members
export type InstitutionMember = S['InstitutionMember'];
export type InstitutionRoleType = S['InstitutionRoleType'];
export type AddInstitutionMembersRequest = S['AddInstitutionMembersRequest'];
export type AddInstitutionMembersResponse = S['AddInstitutionMembersResponse'];

// Documents
export type DocumentType = S['DocumentType'];
export type DocumentDescription = S['DocumentDescription'];
export type DocumentUploadRequest = S['IdentityPublicDocumentUploadBody'];
export type DocumentUploadResponse = S['DocumentUploadResponse'];
export type ListIdentityDocumentsResponse = S['ListIdentityDocumentsResponse'];

// Events and webhooks
export type Event = S['Event'];
export type ListEventsResponse = S['ListEventsResponse'];
export type IdentityEventType = S['IdentityEventType'];
export type IdentitySummaryStatusChange = S['IdentitySummaryStatusChange'];
export type IdentityDocumentsRequired = S['IdentityDocumentsRequired'];
export type IdentityKycRefresh = S['IdentityKycRefresh'];
export type WebhookEventNotification = S['WebhookEventNotification'];

// Errors and auth
export type Problem = S['Problem'];
export type TokenResponse = S['TokenResponse'];
export type OAuthError = S['OAuthError'];
export type OAuthErrorCode = OAuthError['error'];

// Query parameters of the operations (for the typed client's method signatures)
type Q<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
export type ListIdentitiesQuery = Q<'ListIdentities'>;
export type GetIdentityQuery = Q<'GetIdentity'>;
export type ListIdentityDocumentsQuery = Q<'ListIdentityDocuments'>;
export type ListEventsQuery = Q<'ListEvents'>;
export type GetEventQuery = Q<'GetEvent'>;
export type ListAccountsQuery = Q<'ListAccounts'>;
export type ListProfilesQuery = Q<'ListProfiles'>;
export type GetProfileQuery = Q<'GetProfile'>;
export type ListProfileBalancesQuery = Q<'ListProfileBalances'>;
export type ListIdentityControlsQuery = Q<'ListIdentityControls'>;
export type DeleteIdentityControlQuery = Q<'DeleteIdentityControl'>;
