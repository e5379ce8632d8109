import { z } from 'zod';
import { ERROR_CODES } from '../../core/errors';

/** A request/reply channel: runtime schemas for both directions. */
export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelDef<Req, Res> {
  return { request, response };
}

/** Requests with no parameters still carry an (empty) object so the schema can reject junk. */
export const noParams = z.object({}).strict();
export const okReply = z.object({ ok: z.literal(true) });

export const publicErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  status: z.union([z.string(), z.number()]).optional(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  fields: z.record(z.string(), z.string()).optional(),
});
