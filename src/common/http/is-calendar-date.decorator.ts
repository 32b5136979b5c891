import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day written YYYY-MM-DD that exists in the calendar (2025-02-30 is refused). */
export const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    Matches(DATE, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );
