import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '@app/platform';
import { RegisterUserCommand } from '../../application/commands/register-user/register-user.command';
import { AuthRateLimitGuard } from './auth/auth-rate-limit.guard';
import { RegisterUserRequest } from './register-user.request';

@ApiTags('users')
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Public()
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The new user id.' })
  @ApiConflictResponse({ description: 'The email is taken.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address; see Retry-After.' })
  register(@Body() body: RegisterUserRequest) {
    return this.commands.execute(new RegisterUserCommand(body.email, body.password));
  }
}
