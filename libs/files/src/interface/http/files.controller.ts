import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiSecurity,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_KEY_SECURITY, BEARER_SECURITY, CurrentPrincipal, OAUTH2_SECURITY, PageRequest } from '@app/platform';
import type { Principal } from '@app/platform';
import { DeleteFileCommand } from '../../application/commands/delete-file/delete-file.command';
import { UploadFileCommand } from '../../application/commands/upload-file/upload-file.command';
import { GetFileQuery } from '../../application/queries/get-file/get-file.query';
import { ListFilesQuery } from '../../application/queries/list-files/list-files.query';
import { OpenFileContentQuery } from '../../application/queries/open-file-content/open-file-content.query';
import { RangeNotSatisfiable } from '../../domain/file.errors';
import { contentDisposition } from './content-disposition';
import { FileIdPipe } from './file-id.pipe';
import { FILE_FIELD, singleFilePart } from './multipart-upload';
import { namesEtag, parseRangeHeader } from './range-header';

@ApiTags('files')
@ApiBearerAuth(BEARER_SECURITY)
@ApiSecurity(API_KEY_SECURITY)
@ApiSecurity(OAUTH2_SECURITY)
@Controller({ path: 'files', version: '1' })
export class FilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ description: 'The file, stored: {id, name, size, content_type, sha256, created_at}. Its type is read from its bytes.' })
  @ApiBadRequestResponse({ description: 'No file part, more than one part, an empty file, or a body cut short.' })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than UPLOAD_MAX_SIZE.' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not multipart/form-data, or a file of a type UPLOAD_ALLOWED_TYPES does not list.' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const { filename, content } = await singleFilePart(request);
      const { id } = await this.commands.execute(new UploadFileCommand(principal.userId, filename, content));
      void reply.status(201);
      return await this.queries.execute(new GetFileQuery(principal.userId, id));
    } catch (error) {
      // why: a refused upload may have most of its body still coming; closing spares reading it to no end.
      void reply.header('connection', 'close');
      throw error;
    }
  }

  @Get()
  @ApiOkResponse({ description: "The caller's files, newest first: {items, next_cursor}." })
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageRequest) {
    return this.queries.execute(new ListFilesQuery(principal.userId, page.cursor ?? null, page.limit ?? 20));
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The metadata of the file.' })
  @ApiNotFoundResponse({ description: "No such file among the caller's." })
  get(@CurrentPrincipal() principal: Principal, @Param('id', FileIdPipe) id: string) {
    return this.queries.execute(new GetFileQuery(principal.userId, id));
  }

  @Get(':id/content')
  @ApiOkResponse({ description: 'The bytes, as an attachment, with an ETag (the SHA-256). A single `Range` is honoured (206; 416 when outside the file).' })
  @ApiNotFoundResponse({ description: "No such file among the caller's." })
  async content(
    @CurrentPrincipal() principal: Principal,
    @Param('id', FileIdPipe) id: string,
    @Headers() headers: Record<string, string | undefined>,
    @Res() reply: FastifyReply,
  ) {
    const file = await this.queries.execute(new GetFileQuery(principal.userId, id));
    const etag = `"${file.sha256}"`;
    void reply.headers({
      etag,
      'accept-ranges': 'bytes',
      'content-type': file.content_type,
      'content-disposition': contentDisposition(file.name),
      'x-content-type-options': 'nosniff',
    });
    if (namesEtag(headers['if-none-match'], etag)) return reply.status(304).send();
    const ranged = headers['if-range'] === undefined || namesEtag(headers['if-range'], etag);
    try {
      const { range, body } = await this.queries.execute(new OpenFileContentQuery(principal.userId, id, ranged ? parseRangeHeader(headers.range) : null));
      if (!range) return reply.status(200).header('content-length', file.size).send(body);
      void reply.header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
      return reply.status(206).header('content-length', range.end - range.start + 1).send(body);
    } catch (error) {
      if (error instanceof RangeNotSatisfiable) void reply.header('content-range', `bytes */${error.size}`);
      throw error;
    }
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: gone from lists and reads at once; its bytes are removed shortly after.' })
  @ApiNotFoundResponse({ description: "No such file among the caller's." })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', FileIdPipe) id: string) {
    await this.commands.execute(new DeleteFileCommand(principal.userId, id));
  }
}
