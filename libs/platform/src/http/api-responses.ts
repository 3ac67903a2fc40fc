import { applyDecorators, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiProperty, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import { API_KEY_SECURITY, BEARER_SECURITY, OAUTH2_SECURITY } from './http-app';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { ProblemDetails } from './problem-details.response';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `errors` names each field at fault.',
  401: 'No credential, or an invalid or expired one: send "Authorization: Bearer <access token>" or "X-Api-Key: <key>".',
  403: 'The caller lacks the role this route needs.',
  404: 'Not found among the caller\'s.',
  409: 'Conflicts with the current state.',
  413: 'The body is too large (JSON: over 1 MiB).',
  415: 'A body of a media type this route does not take.',
  416: 'The Range lies outside the content.',
  422: 'Well-formed, but refused.',
  429: 'Too many attempts from this address; retry after the seconds in Retry-After.',
};

/** An error answer of the route: `application/problem+json` with the shared ProblemDetails schema. */
export function ApiProblem(status: number, description = PROBLEM_DESCRIPTIONS[status]): MethodDecorator & ClassDecorator {
  const headers = status === 429 ? { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', example: 42 } } } : undefined;
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ApiResponse({ status, description, headers, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } } }),
  );
}

/** Several error answers with their usual descriptions. */
export const ApiProblems = (...statuses: number[]) => applyDecorators(...statuses.map((status) => ApiProblem(status)));

/** The route needs a credential (the app's guard): the three ways to send one, and the 401 without it. */
export const ApiAuthenticated = () =>
  applyDecorators(ApiBearerAuth(BEARER_SECURITY), ApiSecurity(API_KEY_SECURITY), ApiSecurity(OAUTH2_SECURITY), ApiProblem(401));

const pages = new Map<Type, Type>();

/** The documented shape of one page of a cursor-paginated list of `item`: `{items, next_cursor}`. */
export function PageOf(item: Type): Type {
  let page = pages.get(item);
  if (page) return page;
  class Page {
    @ApiProperty({ type: [item] })
    items: unknown[];

    @ApiProperty({ type: String, nullable: true, description: 'Pass it as `cursor` for the next page; null on the last one.', example: null })
    next_cursor: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Response$/, '')}Page` });
  pages.set(item, (page = Page));
  return page;
}
