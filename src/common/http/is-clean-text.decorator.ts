import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Invisible format characters that make a text display differently from what it holds:
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
 * direction marks (U+200E, U+200F, U+061C) and the zero-width characters (U+200B–U+200D,
 * U+2060, U+180E, U+FEFF). A name carrying one can pass for another name on screen.
 */
const HIDDEN_FORMAT_CHARACTERS =
  /[\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

export function isCleanText(value: unknown): boolean {
  return typeof value !== 'string' || !HIDDEN_FORMAT_CHARACTERS.test(value);
}

/**
 * Refuses a string holding a bidi-override or zero-width character (see
 * HIDDEN_FORMAT_CHARACTERS). For every user-chosen name: stores, menus, categories, options,
 * notes, usernames. Non-strings pass, so pair it with @IsString().
 */
export const IsCleanText = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCleanText',
      validator: {
        validate: isCleanText,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must not contain bidirectional-override or zero-width characters`,
      },
    },
    options,
  );
