import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { ConnectionInfoSchema } from '../kernels/connection-info.js';

/** Where the path of the registration route is built, for the launchers' URL. */
export const REGISTRATION_PATH = 'api/styx/kernel-registrations';

/**
 * The launcher's call home: no Hub token (a kernel holds none), the launch's one-time token
 * instead. A token is good once; anything else is refused without saying why it failed.
 */
export const registrationRoutes: FastifyPluginAsyncTypebox<GatewayContext> = async (app, ctx) => {
  app.post(
    `/${REGISTRATION_PATH}`,
    {
      schema: {
        body: Type.Object({
          token: Type.String({ minLength: 20, maxLength: 128 }),
          connection: ConnectionInfoSchema,
        }),
      },
    },
    async (request, reply) => {
      const kernelId = ctx.registrations.claim(request.body.token, request.body.connection);
      if (!kernelId)
        throw new GatewayError(403, 'Forbidden', 'this registration token is not valid');
      return reply.status(204).send();
    },
  );
};
