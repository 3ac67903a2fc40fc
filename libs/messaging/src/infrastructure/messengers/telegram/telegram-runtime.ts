export { Api } from 'telegram';
export { computeCheck } from 'telegram/Password';
export { GramjsClientFactory } from './gramjs-client.factory';
export { accountOf, classifyLoginError, isPasswordNeeded } from './telegram-login';
export { randomIdOf, resolveRecipient, sentMessageId, uploadedMedia } from './telegram-outgoing';
export { classifyTelegramError, rpcNameOf } from './telegram.errors';
