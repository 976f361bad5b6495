import { Injectable } from '@nestjs/common';
import type { AuditActor } from '@app/contracts';
import { DomainError } from '../common/domain-error';

export type ChallengePurpose = 'api' | 'login' | 'link_view';

export interface StartChallengeInput {
  channel: 'sms' | 'email';
  /** Raw destination: the service normalises, validates and enforces limits. */
  to: string;
  /** ISO country for national phone formats. */
  countryHint?: string;
  /** 'en' default, 'es' supported. */
  locale?: string;
  purpose: ChallengePurpose;
  /** Member id for login, link id (or share recipient id) for link_view. */
  subjectId?: string;
  /** Where to send the code if the SMS ends undelivered/failed. */
  fallbackEmail?: string;
}

export type ChallengeStatus = 'pending' | 'approved' | 'expired' | 'canceled' | 'locked' | 'undeliverable';

export interface ChallengeView {
  id: string;
  status: ChallengeStatus;
  channel: 'sms' | 'email';
  /** Masked. */
  to: string;
  expiresAt: string;
  attemptsRemaining: number;
  delivery?: { status: string; attempts: number; lastError?: string };
}

export interface ChallengeExpectation {
  purpose: ChallengePurpose;
  subjectId?: string;
}

@Injectable()
export class ChallengesService {
  start(_workspaceId: string, _input: StartChallengeInput, _actor: AuditActor): Promise<ChallengeView> {
    return Promise.reject(new DomainError(501, 'not_implemented', 'Challenges are being built'));
  }

  verify(_workspaceId: string, _id: string, _code: string, _expect: ChallengeExpectation): Promise<ChallengeView & { status: 'approved'; destinationHash: string }> {
    return Promise.reject(new DomainError(501, 'not_implemented', 'Challenges are being built'));
  }

  get(_workspaceId: string, _id: string, _expect: ChallengeExpectation): Promise<ChallengeView> {
    return Promise.reject(new DomainError(501, 'not_implemented', 'Challenges are being built'));
  }

  resend(_workspaceId: string, _id: string, _expect: ChallengeExpectation, _actor: AuditActor): Promise<ChallengeView> {
    return Promise.reject(new DomainError(501, 'not_implemented', 'Challenges are being built'));
  }

  cancel(_workspaceId: string, _id: string, _expect: ChallengeExpectation, _actor: AuditActor): Promise<ChallengeView> {
    return Promise.reject(new DomainError(501, 'not_implemented', 'Challenges are being built'));
  }
}
