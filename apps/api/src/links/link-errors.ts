import { DomainError } from '../common/domain-error';

export const LinkErrors = {
  /** The one answer for unknown, revoked, expired and used-up links: a viewer cannot tell them apart. */
  notFound: () => new DomainError(404, 'link_not_found', 'No such link'),
  typeNotAllowed: (type: string) => new DomainError(403, 'link_type_not_allowed', `Links of type ${type} are turned off in this workspace's settings`, { type }),
  busy: () => new DomainError(409, 'link_busy', 'Another change to this link is in progress: retry'),
  invalid: (field: string, problem: string) => new DomainError(400, 'validation_failed', 'The request is not valid', [{ field, problems: [problem] }]),
};
