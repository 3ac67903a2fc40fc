/** A setting is missing or malformed: start-up stops with this one line. */
export class ConfigError extends Error {
  constructor(variable: string, expectation: string, got: string | undefined) {
    super(`Invalid configuration: ${variable} ${expectation}${got === undefined ? ', but it is not set' : `, got ${JSON.stringify(got)}`}`);
    this.name = 'ConfigError';
  }
}
