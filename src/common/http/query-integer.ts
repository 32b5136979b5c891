import { TransformFnParams } from 'class-transformer';

/**
 * For `@Transform` on integer query parameters: query strings arrive as text, and only a plain
 * decimal becomes a number; anything else (`+5`, `1e3`, `0x10`) stays text and fails @IsInt.
 */
export function decimalToNumber({ value }: TransformFnParams): unknown {
  return typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : value;
}
