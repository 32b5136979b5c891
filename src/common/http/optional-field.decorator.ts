import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional() but only for an absent field: an explicit null still runs the other
 * validators (and fails them), so `{"name": null}` cannot reach a NOT NULL column.
 */
export const OptionalField = (): PropertyDecorator =>
  ValidateIf((_object, value: unknown) => value !== undefined);
