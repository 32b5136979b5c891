'use strict';
const { createPublicKey } = require('node:crypto');
const { readFileSync } = require('node:fs');
const jwt = require('jsonwebtoken');

/**
 * The floors' token check, as the app does it: RS256 against a KeyObject built once, each token
 * verified once and then served from a cache until it expires. Returns `principalOf(header)`.
 */
function floorPrincipalReader(env) {
  const publicKey = createPublicKey(readFileSync(env.JWT_PUBLIC_KEY_FILE));
  const verifyOptions = {
    algorithms: ['RS256'],
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  };
  const verified = new Map();
  return (header) => {
    const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    if (!token) return undefined;
    const cached = verified.get(token);
    if (cached && cached.exp * 1000 > Date.now()) return cached;
    const claims = jwt.verify(token, publicKey, verifyOptions);
    verified.set(token, claims);
    return claims;
  };
}

module.exports = { floorPrincipalReader };
