import { TransformFnParams } from 'class-transformer';

export const MAX_DISPLAY_ORDER = 1_000_000;
export const MAX_PRICE = 10_000_000;
export const MAX_DESCRIPTION_LENGTH = 1000;

/** Names are compared and stored without surrounding blanks ("  " is an empty name). */
export function trimString({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
