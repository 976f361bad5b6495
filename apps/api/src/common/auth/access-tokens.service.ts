import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@app/config';

export interface MemberTokenClaims {
  sub: string;
  ws: string;
  /** RFC 8176 authentication method references: pwd, plus sms / otp / mfa when a code was entered. */
  amr: string[];
}

export interface ViewerTokenClaims {
  /** The link the token opens, and only that one. */
  lnk: string;
  ws: string;
  /** Masked identity that proved itself, recorded with each view. */
  who: string;
}

const MEMBER_AUDIENCE = 'mfa:member';
const VIEWER_AUDIENCE = 'mfa:viewer';

/** Issues and checks the two kinds of bearer JWT; audiences keep one kind from being used as the other. */
@Injectable()
export class AccessTokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issueMemberToken(claims: MemberTokenClaims): { accessToken: string; expiresIn: number } {
    const expiresIn = this.config.accessTokenTtlSeconds;
    return { accessToken: this.jwt.sign({ ...claims }, { audience: MEMBER_AUDIENCE, expiresIn }), expiresIn };
  }

  verifyMemberToken(token: string): MemberTokenClaims | null {
    try {
      const claims = this.jwt.verify<MemberTokenClaims>(token, { audience: MEMBER_AUDIENCE });
      return typeof claims.sub === 'string' && typeof claims.ws === 'string' && Array.isArray(claims.amr) ? claims : null;
    } catch {
      return null;
    }
  }

  issueViewerToken(claims: ViewerTokenClaims): { viewerToken: string; expiresIn: number } {
    const expiresIn = this.config.viewerTokenTtlSeconds;
    return { viewerToken: this.jwt.sign({ ...claims }, { audience: VIEWER_AUDIENCE, expiresIn }), expiresIn };
  }

  verifyViewerToken(token: string): ViewerTokenClaims | null {
    try {
      const claims = this.jwt.verify<ViewerTokenClaims>(token, { audience: VIEWER_AUDIENCE });
      return typeof claims.lnk === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
