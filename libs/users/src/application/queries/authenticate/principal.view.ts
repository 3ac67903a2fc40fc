import { UserRole } from '../../../domain/user.aggregate';

export interface PrincipalView {
  userId: string;
  role: UserRole;
  sessionId?: string;
  apiKeyId?: string;
}
