import { createHmac, createSign, KeyObject } from 'node:crypto';

/** Hand-built JWTs, so tests can produce exactly the malformed or hostile tokens a library would refuse to sign. */
const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface ForgedClaims {
  sub?: string;
  role?: string;
  store_id?: string | null;
  table_id?: number;
  iss?: string;
  aud?: string;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

export function signRs256(claims: ForgedClaims, privateKey: KeyObject): string {
  const input = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
}

export function signHs256(claims: ForgedClaims, secret: string): string {
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function unsigned(claims: ForgedClaims): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** Swaps a token's payload for another, keeping the original header and signature. */
export function withPayload(token: string, claims: ForgedClaims): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encode(claims)}.${signature}`;
}

export function payloadOf(token: string): ForgedClaims {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}
