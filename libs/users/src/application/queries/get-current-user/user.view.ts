export interface UserView {
  id: string;
  email: string;
  role: 'user' | 'admin';
  created_at: string;
}
