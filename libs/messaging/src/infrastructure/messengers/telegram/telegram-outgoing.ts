import { createHash } from 'node:crypto';
import { Api, utils } from 'telegram';
import { CustomFile } from 'telegram/client/uploads';
import { readBigIntFromBuffer, returnBigInt } from 'telegram/Helpers';
import { OutgoingAttachment } from '../../../application/ports/messenger';
import { MessageRefused } from '../../../domain/messenger.errors';
import { TelegramConnection } from './telegram-client';

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Telegram's `random_id` for part `index` of our message: MTProto answers a repeated random_id with the message it
 * already made (or `RANDOM_ID_DUPLICATE`), so a resend after a crash does not send twice.
 */
export function randomIdOf(messageId: string, index: number): ReturnType<typeof returnBigInt> {
  return readBigIntFromBuffer(createHash('sha256').update(`${messageId}:${index}`).digest().subarray(0, 8), true, true);
}

function peerOf(resolved: Api.contacts.TypeResolvedPeer): Api.TypeInputPeer {
  const { peer } = resolved;
  const id = peer instanceof Api.PeerUser ? peer.userId : peer instanceof Api.PeerChat ? peer.chatId : peer.channelId;
  const entity = [...resolved.users, ...resolved.chats].find((candidate) => 'id' in candidate && returnBigInt(candidate.id).equals(id));
  if (!entity) throw new MessageRefused('Telegram resolved the recipient to nobody it described', 'PEER_ID_INVALID');
  return utils.getInputPeer(entity);
}

/** `+447…` by phone (`contacts.resolvePhone`), `@name` by username, digits as a user id the account has met. */
export async function resolveRecipient(connection: TelegramConnection, to: string): Promise<Api.TypeInputPeer> {
  if (to.startsWith('+')) return peerOf(await connection.invoke(new Api.contacts.ResolvePhone({ phone: to.slice(1) })));
  if (/^\d+$/.test(to)) {
    return connection.getInputEntity(new Api.PeerUser({ userId: returnBigInt(to) })).catch((error: unknown) => {
      // why: GramJS finds a user id only among users the account has met; it says so with a plain Error.
      if (error instanceof Error && /Could not find the input entity/.test(error.message)) throw new MessageRefused(`Telegram knows no user ${to} this account has met`, 'PEER_ID_INVALID');
      throw error;
    });
  }
  return peerOf(await connection.invoke(new Api.contacts.ResolveUsername({ username: to.replace(/^@/, '') })));
}

/** The id Telegram gave the message sent with `randomId`, from the updates the send answered. */
export function sentMessageId(updates: Api.TypeUpdates, randomId: ReturnType<typeof returnBigInt>): string {
  if (updates instanceof Api.UpdateShortSentMessage) return String(updates.id);
  const list = updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined ? updates.updates : [];
  const byRandomId = list.find((update): update is Api.UpdateMessageID => update instanceof Api.UpdateMessageID && update.randomId !== undefined && returnBigInt(update.randomId).equals(randomId));
  if (byRandomId) return String(byRandomId.id);
  const created = list.find((update): update is Api.UpdateNewMessage => update instanceof Api.UpdateNewMessage);
  if (created) return String(created.message.id);
  throw new Error(`Telegram answered the send with ${updates.className} and no message id`);
}

export async function uploadedMedia(connection: TelegramConnection, attachment: OutgoingAttachment): Promise<Api.TypeInputMedia> {
  const bytes = await attachment.read();
  const file = await connection.uploadFile({ file: new CustomFile(attachment.fileName, bytes.length, '', bytes), workers: 1 });
  if (PHOTO_TYPES.has(attachment.contentType)) return new Api.InputMediaUploadedPhoto({ file });
  return new Api.InputMediaUploadedDocument({ file, mimeType: attachment.contentType, attributes: [new Api.DocumentAttributeFilename({ fileName: attachment.fileName })] });
}
