/**
 * OAuth endpoints: `GET /oauth/authorizations/new` (for local runs: approves at once and redirects
 * to `redirect_uri` with `code` and `state`) and `POST /oauth/tokens` (JSON or form body).
 */
import { json, objectBody, type Route } from './types.js'

export const oauthRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/oauth\/authorizations\/new$/,
    auth: false,
    handler: ({ account, query }) => {
      const redirectUri = query.get('redirect_uri')
      if (query.get('client_id') !== account.oauthClient.id) {
        return json(400, { error: 'invalid_client', error_description: 'Unknown client_id' })
      }
      if (redirectUri === null || !URL.canParse(redirectUri)) {
        return json(400, {
          error: 'invalid_request',
          error_description: 'redirect_uri is required',
        })
      }
      if (query.get('response_type') !== 'code') {
        return json(400, {
          error: 'unsupported_response_type',
          error_description: 'response_type must be code',
        })
      }
      const method = query.get('code_challenge_method')
      const code = account.issueAuthorizationCode({
        redirectUri,
        codeChallenge: query.get('code_challenge'),
        codeChallengeMethod: method === 'plain' ? 'plain' : 'S256',
        scope: query.get('scope') ?? 'read write',
      })
      const target = new URL(redirectUri)
      target.searchParams.set('code', code)
      const state = query.get('state')
      if (state !== null) target.searchParams.set('state', state)
      return { status: 302, headers: { Location: target.toString() }, body: null }
    },
  },
  {
    method: 'POST',
    pattern: /^\/oauth\/tokens$/,
    auth: false,
    handler: ({ account, body }) => {
      const reply = account.oauth.exchange(objectBody(body) ?? {})
      return json(reply.status, reply.body)
    },
  },
]
