import { BadRequestException, ValidationError } from '@nestjs/common';
import { FieldError } from './problem';

/** A request body or query that failed validation, with each offending field and why. */
export class ValidationProblem extends BadRequestException {
  constructor(readonly errors: FieldError[]) {
    super(`The request is invalid: ${errors.map((error) => error.messages.join('; ')).join('; ')}`);
  }

  static fromValidationErrors(errors: ValidationError[]): ValidationProblem {
    return new ValidationProblem(flatten(errors, ''));
  }
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
