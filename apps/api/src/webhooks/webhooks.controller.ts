import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth/auth.decorators';
import { ErrorDto } from '../challenges/dto/challenge.dto';
import { WebhooksService } from './webhooks.service';

/** Flattens a parsed form into the string map Twilio signs; repeated keys would not come from Twilio. */
function formParams(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[value.length - 1] as string;
  }
  return out;
}

@ApiTags('webhooks')
@Public()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Twilio message status callbacks (form-encoded, signed with the account's auth token). */
  @Post('twilio/status')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiOkResponse({ description: 'Recorded (or nothing to record)' })
  @ApiForbiddenResponse({ type: ErrorDto, description: 'invalid_signature' })
  twilioStatus(@Req() req: FastifyRequest, @Headers('x-twilio-signature') signature: string | undefined) {
    return this.webhooks.twilioStatus(signature, formParams(req.body), req.ip);
  }
}
