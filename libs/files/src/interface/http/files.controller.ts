import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiAuthenticated, ApiProblem, ApiProblems, CurrentPrincipal, PageOf, PageRequest } from '@app/platform';
import type { Principal } from '@app/platform';
import { DeleteFileCommand } from '../../application/commands/delete-file/delete-file.command';
import { UploadFileCommand } from '../../application/commands/upload-file/upload-file.command';
import { GetFileQuery } from '../../application/queries/get-file/get-file.query';
import { ListFilesQuery } from '../../application/queries/list-files/list-files.query';
import { OpenFileContentQuery } from '../../application/queries/open-file-content/open-file-content.query';
import { RangeNotSatisfiable } from '../../domain/file.errors';
import { contentDisposition } from './content-disposition';
import { FileIdPipe } from './file-id.pipe';
import { FileResponse } from './file.response';
import { FILE_FIELD, singleFilePart } from './multipart-upload';
import { namesEtag, parseRangeHeader } from './range-header';

@ApiTags('files')
@ApiAuthenticated()
@Controller({ path: 'files', version: '1' })
export class FilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload a file (multipart field "file")' })
  @ApiCreatedResponse({ description: 'The file, stored. Its type is read from its bytes.', type: FileResponse })
  @ApiProblem(400, 'No file part, more than one part, an empty file, or a body cut short.')
  @ApiProblem(413, 'The file is larger than UPLOAD_MAX_SIZE.')
  @ApiProblem(415, 'Not multipart/form-data, or a file of a type UPLOAD_ALLOWED_TYPES does not list.')
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
  @ApiOperation({ summary: "The caller's files, newest first" })
  @ApiOkResponse({ type: PageOf(FileResponse) })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageRequest) {
    return this.queries.execute(new ListFilesQuery(principal.userId, page.cursor ?? null, page.limit ?? 20));
  }

  @Get(':id')
  @ApiOperation({ summary: 'The metadata of a file' })
  @ApiOkResponse({ type: FileResponse })
  @ApiProblems(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', FileIdPipe) id: string) {
    return this.queries.execute(new GetFileQuery(principal.userId, id));
  }

  @Get(':id/content')
  @ApiOperation({ summary: 'Download the bytes of a file', description: 'With an ETag (the SHA-256); `If-None-Match`, `Range` (a single one) and `If-Range` are honoured.' })
  @ApiOkResponse({ description: 'The bytes, as an attachment.', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 206, description: 'The bytes of the Range, with Content-Range.', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 304, description: 'If-None-Match names the ETag: the copy the client holds is current.' })
  @ApiProblems(404)
  @ApiProblem(416, 'The Range lies outside the file; Content-Range gives its size.')
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
  @ApiOperation({ summary: 'Delete a file' })
  @ApiNoContentResponse({ description: 'Deleted: gone from lists and reads at once; its bytes are removed shortly after.' })
  @ApiProblems(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', FileIdPipe) id: string) {
    await this.commands.execute(new DeleteFileCommand(principal.userId, id));
  }
}
