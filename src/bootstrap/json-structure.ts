/**
 * Bounds on the shape of a JSON request body, checked on the raw text before JSON.parse and
 * before any transformation (class-transformer's cost grows with the square of an object's key
 * count; Nest's prototype-key strip recurses once per nesting level).
 *
 * The largest legitimate bodies: a menu item's full option-group set (PUT option-groups: 20
 * groups of 50 options of 5 fields, about 5,100 values, four levels deep) and an order (50 lines
 * of up to 50 option ids, about 2,700 values). The bounds leave room above those; the total
 * bounds what validation costs afterwards, about one error object per bad value (500,000
 * values in 1 MB took 5 s to refuse; 6,000 take tens of milliseconds).
 */
export interface JsonStructureLimits {
  maxDepth: number;
  maxKeysPerObject: number;
  maxArrayLength: number;
  maxTotalEntries: number;
}

export const JSON_BODY_LIMITS: Readonly<JsonStructureLimits> = {
  maxDepth: 8,
  maxKeysPerObject: 64,
  maxArrayLength: 200,
  maxTotalEntries: 6000,
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isWhitespace(char: number): boolean {
  return char === SPACE || char === LF || char === CR || char === TAB;
}

/** Index of the quote closing the string opened at `open` (the text's end when there is none). */
function closingQuote(text: string, open: number): number {
  let quote = open;
  for (;;) {
    quote = text.indexOf('"', quote + 1);
    if (quote === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
}

/**
 * The first bound the text breaks, as a sentence, or undefined when it stays within them. One
 * pass over the characters, skipping strings; it does not validate the syntax (JSON.parse does,
 * after), so on malformed text it may count loosely but never loops or recurses.
 */
export function jsonStructureViolation(
  text: string,
  limits: JsonStructureLimits = JSON_BODY_LIMITS,
): string | undefined {
  // Per open container: 1 when it is an object, and how many entries it holds so far.
  const isObject: number[] = [];
  const entries: number[] = [];
  let depth = 0;
  let total = 0;
  let awaitingFirstEntry = false;

  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (isWhitespace(char)) continue;
    if (awaitingFirstEntry && char !== CLOSE_OBJECT && char !== CLOSE_ARRAY) {
      entries[depth - 1] = 1;
      total++;
    }
    awaitingFirstEntry = false;

    if (char === QUOTE) {
      i = closingQuote(text, i);
    } else if (char === OPEN_OBJECT || char === OPEN_ARRAY) {
      if (depth === limits.maxDepth) {
        return `the body nests deeper than ${limits.maxDepth} levels`;
      }
      isObject[depth] = char === OPEN_OBJECT ? 1 : 0;
      entries[depth] = 0;
      depth++;
      awaitingFirstEntry = true;
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) {
      if (depth > 0) depth--;
    } else if (char === COMMA && depth > 0) {
      const count = ++entries[depth - 1];
      if (++total > limits.maxTotalEntries) {
        return `the body holds more than ${limits.maxTotalEntries} values`;
      }
      if (isObject[depth - 1] === 1 && count > limits.maxKeysPerObject) {
        return `an object in the body has more than ${limits.maxKeysPerObject} keys`;
      }
      if (isObject[depth - 1] === 0 && count > limits.maxArrayLength) {
        return `an array in the body has more than ${limits.maxArrayLength} entries`;
      }
    }
  }
  return undefined;
}
