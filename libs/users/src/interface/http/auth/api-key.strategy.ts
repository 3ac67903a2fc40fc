import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-strategy';
import { Principal } from '@app/platform';
import { AuthenticateApiKeyQuery } from '../../../application/queries/authenticate/authenticate-api-key.query';

export const API_KEY_STRATEGY = 'api-key';
export const API_KEY_HEADER = 'x-api-key';

type Verify = (apiKey: string, done: (error: unknown, principal?: Principal | false) => void) => void;

/** Reads `X-Api-Key` and hands it to `validate`. */
class HeaderApiKeyStrategy extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(request: { headers: Record<string, string | string[] | undefined> }): void {
    const header = request.headers[API_KEY_HEADER];
    const apiKey = Array.isArray(header) ? header[0] : header;
    if (!apiKey) return this.fail({ name: 'NoApiKey', message: 'no X-Api-Key header' }, 401);
    this.verify(apiKey, (error, principal) => {
      if (error) return this.error(error instanceof Error ? error : new Error(String(error)));
      return principal ? this.success(principal) : this.fail({ name: 'InvalidApiKey', message: 'the API key is unknown or revoked' }, 401);
    });
  }
}

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderApiKeyStrategy, API_KEY_STRATEGY) {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async validate(apiKey: string): Promise<Principal | false> {
    if (apiKey.length > 200) return false;
    return (await this.queries.execute(new AuthenticateApiKeyQuery(apiKey))) ?? false;
  }
}
