/**
 * Reader accounts for the comments function (controllers/reader-account.ts).
 * Only the function's API token is granted these actions
 * (`api::reader-account.reader-account.<action>`, bootstrap/comments.ts); the
 * public and authenticated roles have no permission at all.
 */
const route = (path: string, action: string) => ({
  method: 'POST' as const,
  path: `/reader-accounts${path}`,
  handler: `api::reader-account.reader-account.${action}`,
  config: { policies: [] },
});

export default {
  type: 'content-api' as const,
  routes: [
    route('/register', 'register'),
    route('/verify', 'verify'),
    route('/login', 'login'),
    route('/sessions/revoke', 'revokeSessions'),
    route('/password', 'changePassword'),
    route('/password-reset', 'requestReset'),
    route('/password-reset/confirm', 'confirmReset'),
    route('/phone', 'requestPhone'),
    route('/phone/verify', 'verifyPhone'),
    route('/delete', 'deleteAccount'),
    route('/notifications', 'setNotifications'),
  ],
};
