import { HttpError } from './errors.js';
import { ERROR, type Router } from './route.js';
import { answerSchema, chatBody, notInitializedSchema } from './schemas.js';
import type { ServerServices } from './services.js';

/** The Enhanced Chat endpoint (docs/rest-api.md), over AskService. */
export function chatRoutes(router: Router, services: ServerServices): void {
  router.define(
    {
      method: 'POST',
      url: '/chat',
      operationId: 'chat',
      summary: 'Answer a question in plain language',
      description:
        'Catalog intents, the metric compiler and Query templates answer without an LLM; other questions need `llm:` configured (else 501 llm_required). `target_database` wins over `cross_database`. 503 with the not-initialized body until the system is initialized.',
      tag: 'chat',
      body: chatBody,
      responses: {
        200: { description: 'The answer', schema: answerSchema },
        400: ERROR('Invalid body'),
        404: ERROR('Unknown target_database'),
        422: ERROR('The SQL guard rejected the statement'),
        501: ERROR('The question needs an LLM and none is configured'),
        502: ERROR('The database failed the query'),
        503: { description: 'System not initialized', schema: notInitializedSchema },
      },
    },
    async ({ body, request }) => {
      await services.freshIndex();
      return services.chatSlots.run(() => {
        // A client that gave up while queued gets no answer computed (a backlog of abandoned questions
        // would otherwise delay everyone behind it). Nobody reads this response.
        if (request.socket.destroyed)
          throw new HttpError(499, {
            error: 'client_closed',
            message: 'The client closed the connection before the question was answered.',
          });
        return services.asker.ask({
          question: body.message,
          db: body.target_database,
          crossDatabase: body.cross_database,
          conversationId: body.conversation_id,
        });
      });
    },
  );
}
