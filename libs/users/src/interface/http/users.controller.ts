import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, ApiProblems, Public } from '@app/platform';
import { RegisterUserCommand } from '../../application/commands/register-user/register-user.command';
import { AuthRateLimitGuard } from './auth/auth-rate-limit.guard';
import { RegisterUserRequest } from './register-user.request';
import { UserIdResponse } from './user-id.response';

@ApiTags('users')
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Public()
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a user' })
  @ApiCreatedResponse({ description: 'The new user id.', type: UserIdResponse })
  @ApiProblems(400, 413, 415, 429)
  @ApiProblem(409, 'The email is taken.')
  register(@Body() body: RegisterUserRequest): Promise<UserIdResponse> {
    return this.commands.execute(new RegisterUserCommand(body.email, body.password));
  }
}
