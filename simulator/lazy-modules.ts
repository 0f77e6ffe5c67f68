/**
 * @module lazy-modules
 * Libraries that a simulator start does not always need, loaded on first use
 * (synchronously, through require) instead of at start-up: the YAML parser
 * (only for a config file, or a spec newer than its build-time JSON) and Ajv
 * (only once a request needs validating). Loading them eagerly was most of the
 * module-loading part of the start-up time.
 */
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import type { Ajv as AjvClass, Options as AjvOptions } from 'ajv';

const require = createRequire(import.meta.url);

let yaml: typeof YamlModule | undefined;
export function parseYaml(text: string): unknown {
  yaml ??= require('yaml') as typeof YamlModule;
  return yaml.parse(text);
}

/** A new Ajv instance with ajv-formats added. */
export function newAjv(options: AjvOptions): AjvClass {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const formats = require('ajv-formats') as { default?: (ajv: AjvClass) => AjvClass } & ((ajv: AjvClass) => AjvClass);
  const addFormats = formats.default ?? formats;
  return addFormats(new Ajv(options));
}
