import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import {
  isoDateTimeSchema,
  messageResponseSchema,
  subscriptionStatusSchema,
  subscriptionTierSchema,
  userRoleSchema,
  utf8ByteLength,
} from '../core/common';
import { twitchScopeSetSchema } from '../twitch/schema';

/** Passwords: the length rules every client can check; the rest of the policy runs on the server. */
export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads at most 72 bytes; longer passwords would be silently cut. */
export const PASSWORD_MAX_BYTES = 72;
/** The longest display name, in characters. */
export const DISPLAY_NAME_MAX_LENGTH = 50;

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be a valid e-mail address' }).max(254, { message: 'must be at most 254 characters' }))
  .describe('E-mail address (case-insensitive; surrounding spaces are ignored)');

const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .refine((value) => utf8ByteLength(value) <= PASSWORD_MAX_BYTES, {
    message: `must be at most ${PASSWORD_MAX_BYTES} bytes`,
  })
  .describe(
    `At least ${PASSWORD_MIN_LENGTH} characters, at most ${PASSWORD_MAX_BYTES} bytes, not the e-mail address, not a common password`,
  );

/** A password being checked against the stored hash: no policy, only a sane size. */
const currentPasswordSchema = z
  .string()
  .min(1, { message: 'is required' })
  .max(1024, { message: 'must be at most 1024 characters' });

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they
 * reorder how the rest of a name shows, so a name could read as someone else's to viewers.
 */
export const BIDI_CONTROL_CHARACTERS = /[\u202A-\u202E\u2066-\u2069]/gu;

const displayNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(DISPLAY_NAME_MAX_LENGTH, { message: `must be at most ${DISPLAY_NAME_MAX_LENGTH} characters` })
  .regex(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' })
  .refine((name) => name.search(BIDI_CONTROL_CHARACTERS) === -1, {
    message: 'must not contain bidirectional control characters',
    params: { code: 'bidi_control_character' },
  });

const avatarUrlSchema = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2048, { message: 'must be at most 2048 characters' });

/** One-time tokens from e-mail links: 43 base64url characters (32 random bytes). */
const emailTokenSchema = z
  .string()
  .min(1, { message: 'is required' })
  .max(128, { message: 'must be at most 128 characters' });

/** An account as the API answers it. */
export const userResponseSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    display_name: z.string(),
    avatar_url: z.string().nullable(),
    subscription_tier: subscriptionTierSchema,
    subscription_status: subscriptionStatusSchema,
    assets_generated_this_month: z.number().int(),
    created_at: isoDateTimeSchema,
    updated_at: isoDateTimeSchema,
    role: userRoleSchema.describe("`admin` for administrators (an AuraStream addition to the spec's UserResponse)"),
  })
  .meta({ id: 'UserResponse' });
export type UserResponse = z.infer<typeof userResponseSchema>;

/** A new session: what signing in, refreshing and changing the password answer. */
export const loginResponseSchema = z
  .object({
    access_token: z.string().describe('Short-lived JWT; send as `Authorization: Bearer`. Keep it in memory.'),
    refresh_token: z
      .string()
      .describe(
        'Opaque, single-use: every refresh returns a new one. Browsers also get it in an httpOnly cookie; presenting a used one ends the session.',
      ),
    token_type: z.literal('bearer'),
    expires_at: isoDateTimeSchema.describe('When the access token expires'),
    user: userResponseSchema,
    csrf_token: z
      .string()
      .optional()
      .describe(
        'Send as `X-CSRF-Token` with requests authenticated by the refresh cookie (refresh, logout). Also readable in the `aura_csrf` cookie.',
      ),
  })
  .meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const signupRequestSchema = z
  .object({ email: emailSchema, password: newPasswordSchema, display_name: displayNameSchema })
  .meta({ id: 'SignupRequest' });

export const loginRequestSchema = z
  .object({ email: emailSchema, password: currentPasswordSchema })
  .meta({ id: 'LoginRequest' });

const refreshTokenField = z
  .string()
  .min(1, { message: 'is required' })
  .max(256, { message: 'must be at most 256 characters' });

export const refreshRequestSchema = z
  .object({
    refresh_token: refreshTokenField
      .optional()
      .describe('Omit in browsers: the httpOnly cookie is used instead (then `X-CSRF-Token` is required)'),
  })
  .default({})
  .meta({ id: 'RefreshRequest' });

export const logoutRequestSchema = z
  .object({
    refresh_token: refreshTokenField
      .optional()
      .describe(
        'For clients without an access token at hand; otherwise the bearer token or the cookie names the session',
      ),
  })
  .default({})
  .meta({ id: 'LogoutRequest' });

export const updateMeRequestSchema = z
  .object({
    display_name: displayNameSchema.optional(),
    avatar_url: avatarUrlSchema.nullable().optional().describe('`null` removes the avatar'),
  })
  .refine((body) => body.display_name !== undefined || body.avatar_url !== undefined, {
    message: 'send display_name and/or avatar_url',
  })
  .meta({ id: 'UpdateMeRequest' });

export const changePasswordRequestSchema = z
  .object({ current_password: currentPasswordSchema, new_password: newPasswordSchema })
  .meta({ id: 'ChangePasswordRequest' });

export const deleteAccountRequestSchema = z
  .object({ password: currentPasswordSchema.describe('The account password, to confirm') })
  .meta({ id: 'DeleteAccountRequest' });

export const passwordResetRequestSchema = z.object({ email: emailSchema }).meta({ id: 'PasswordResetRequest' });

export const passwordResetConfirmSchema = z
  .object({ token: emailTokenSchema, new_password: newPasswordSchema })
  .meta({ id: 'PasswordResetConfirm' });

export const emailTokenParamsSchema = z.object({ token: emailTokenSchema });

export const oauthProviderParamsSchema = z.object({
  provider: z.string().min(1).max(32).describe('Sign-in provider; `twitch`'),
});

export const oauthStartResponseSchema = z
  .object({
    authorization_url: z.url().describe('Send the browser here; the provider returns it to the callback'),
    state: z.string().describe('Also kept in an httpOnly cookie, so only this browser can complete the sign-in'),
  })
  .meta({ id: 'OAuthStartResponse' });

export const oauthStartQuerySchema = z.object({
  scopes: twitchScopeSetSchema
    .optional()
    .describe(
      'Connecting (with a bearer token) for a feature: its named scopes are asked besides those already granted (incremental consent)',
    ),
});

/** Which sign-in providers this server offers, so clients never show one that cannot work. */
export const authProvidersResponseSchema = z
  .object({
    twitch: z.object({
      configured: z.boolean().describe('Twitch has a client id and secret on this server'),
      simulated: z.boolean().describe("The simulated Twitch of development (`npm start` without Twitch's credentials)"),
    }),
  })
  .meta({ id: 'AuthProviders' });
export type AuthProvidersResponse = z.infer<typeof authProvidersResponseSchema>;

export const oauthCallbackQuerySchema = z.object({
  code: z.string().max(512).optional(),
  state: z.string().max(256).optional(),
  scope: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(1024).optional(),
});

export const authEndpoints = {
  signup: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/signup',
    tag: 'Auth',
    summary: 'Create an account and send the verification e-mail',
    auth: 'none',
    body: signupRequestSchema,
    response: userResponseSchema,
    status: 201,
    errors: [409, 429],
  }),
  login: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/login',
    tag: 'Auth',
    summary: 'Sign in with e-mail and password',
    description:
      'Sets the httpOnly refresh cookie (path `/api/v1/auth`) and the readable `aura_csrf` cookie. Repeated failures lock the sign-in briefly (429 `login_locked` with Retry-After).',
    auth: 'none',
    body: loginRequestSchema,
    response: loginResponseSchema,
    errors: [401, 429],
  }),
  logout: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/logout',
    tag: 'Auth',
    summary: 'End this session',
    description:
      'The session is named by the bearer token, else `refresh_token` in the body, else the refresh cookie (which needs `X-CSRF-Token`).',
    auth: 'optional',
    body: logoutRequestSchema,
    status: 204,
    errors: [403],
  }),
  refresh: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    tag: 'Auth',
    summary: 'Exchange the refresh token for new tokens (rotation)',
    description:
      'Takes `refresh_token` from the body, or the refresh cookie together with `X-CSRF-Token`. A refresh token works once; presenting a used one ends the whole session (401 `refresh_token_reused`).',
    auth: 'none',
    body: refreshRequestSchema,
    response: loginResponseSchema,
    errors: [401, 403, 429],
  }),
  me: defineEndpoint({
    method: 'GET',
    path: '/api/v1/auth/me',
    tag: 'Auth',
    summary: 'The signed-in user',
    auth: 'user',
    response: userResponseSchema,
  }),
  updateMe: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/auth/me',
    tag: 'Auth',
    summary: 'Change the display name and/or avatar',
    auth: 'user',
    body: updateMeRequestSchema,
    response: userResponseSchema,
  }),
  changePassword: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/me/password',
    tag: 'Auth',
    summary: 'Change the password; ends every session and signs this one in again',
    description: "The answer carries this device's new tokens (and cookies); every other session ends at once.",
    auth: 'user',
    body: changePasswordRequestSchema,
    response: loginResponseSchema,
    errors: [403],
  }),
  deleteMe: defineEndpoint({
    method: 'DELETE',
    path: '/api/v1/auth/me',
    tag: 'Auth',
    summary: 'Delete the account and everything in it',
    description:
      "Removes the user's brand kits, logos, jobs, assets and their files, sessions, tokens and platform connections. Accounts created with Twitch set a password first (password reset).",
    auth: 'user',
    body: deleteAccountRequestSchema,
    status: 204,
    errors: [403],
  }),
  requestPasswordReset: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/password-reset/request',
    tag: 'Auth',
    summary: 'E-mail a password reset link',
    description: 'Answers the same whether or not the address has an account.',
    auth: 'none',
    body: passwordResetRequestSchema,
    response: messageResponseSchema,
    status: 202,
    errors: [429],
  }),
  confirmPasswordReset: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/password-reset/confirm',
    tag: 'Auth',
    summary: 'Set a new password with the token from the e-mail; ends every session',
    auth: 'none',
    body: passwordResetConfirmSchema,
    response: messageResponseSchema,
    errors: [400, 429],
  }),
  requestEmailVerification: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/email/verify/request',
    tag: 'Auth',
    summary: 'E-mail a new verification link',
    auth: 'user',
    response: messageResponseSchema,
    status: 202,
    errors: [429],
  }),
  verifyEmail: defineEndpoint({
    method: 'GET',
    path: '/api/v1/auth/email/verify/{token}',
    tag: 'Auth',
    summary: 'Verify the e-mail address (the link from the e-mail)',
    description:
      'Answers JSON; a browser (Accept: text/html) is redirected to the dashboard at `/auth/email-verified?status=success|error&code=…`.',
    auth: 'none',
    params: emailTokenParamsSchema,
    response: messageResponseSchema,
    errors: [400, 429],
  }),
  unlockLogin: defineEndpoint({
    method: 'GET',
    path: '/api/v1/auth/login/unlock/{token}',
    tag: 'Auth',
    summary: 'Lift the sign-in locks of the account (the link from the "sign-in was locked" e-mail)',
    description:
      'Wrong passwords lock sign-in for the client that typed them (429 `login_locked`); the owner is e-mailed this link. ' +
      'Answers JSON; a browser (Accept: text/html) is redirected to the dashboard at `/auth/login-unlocked?status=success|error&code=…`.',
    auth: 'none',
    params: emailTokenParamsSchema,
    response: messageResponseSchema,
    errors: [400, 429],
  }),
  providers: defineEndpoint({
    method: 'GET',
    path: '/api/v1/auth/providers',
    tag: 'Auth',
    summary: 'The sign-in providers this server offers',
    auth: 'none',
    response: authProvidersResponseSchema,
  }),
  startOAuth: defineEndpoint({
    method: 'POST',
    path: '/api/v1/auth/oauth/{provider}',
    tag: 'Auth',
    summary: 'Start signing in (or, with an access token, connecting) with a provider',
    description:
      "Returns the provider's authorization URL and binds its `state` to this browser with a cookie. With a bearer token, the provider account is linked to the signed-in user.",
    auth: 'optional',
    params: oauthProviderParamsSchema,
    query: oauthStartQuerySchema,
    response: oauthStartResponseSchema,
    errors: [404, 429, 503],
  }),
  oauthCallback: defineEndpoint({
    method: 'GET',
    path: '/api/v1/auth/oauth/{provider}/callback',
    tag: 'Auth',
    summary: 'Where the provider sends the browser back',
    description:
      'Exchanges the code, signs in or creates the user, links the connection, sets the session cookies and redirects to the dashboard at `/auth/oauth/complete?provider=…&status=success|error` (with `code` and `message` on errors). The dashboard then calls `POST /auth/refresh` with the cookie.',
    auth: 'none',
    params: oauthProviderParamsSchema,
    query: oauthCallbackQuerySchema,
    status: 302,
    responseKind: 'redirect',
    errors: [404],
  }),
};
