/** Routing key of {@link UserRegisteredV1}. */
export const USER_REGISTERED_V1 = 'users.user.registered.v1';

/** A user account was created. Published once per account; never changes shape (add a v2 beside it). */
export interface UserRegisteredV1 {
  user_id: string;
  email: string;
  role: 'user' | 'admin';
  registered_at: string;
}
