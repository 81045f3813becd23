/**
 * The spec's `handoff` section: how `hybrid handoff` names the Transaction object the PureEngage side creates in
 * Configuration Server. Every field is optional; an omitted one takes the default of handoff/transaction-object.ts,
 * which the handoff marks "to confirm with your Genesys documentation" (the public documents do not publish the
 * option names).
 */
import { z } from 'zod';
import { nameField } from './fields.js';
import { TRANSACTION_OPTION_KEYS } from './transaction-object-keys.js';

/** Configuration Server option and section names: no `=`, no spaces, no line breaks. */
const OPTION_NAME = /^[A-Za-z0-9_{][A-Za-z0-9_.{}-]*$/;

function optionNameField(what: string) {
  return z
    .string({ error: `must be text: the ${what}` })
    .trim()
    .regex(OPTION_NAME, {
      error: `must be a Configuration Server ${what}: letters, digits, '.', '_', '-' (no spaces or '=')`,
    });
}

const optionsSchema = z
  .strictObject(
    Object.fromEntries(
      TRANSACTION_OPTION_KEYS.map((key) => [key, optionNameField('option name').optional()]),
    ) as Record<(typeof TRANSACTION_OPTION_KEYS)[number], z.ZodOptional<ReturnType<typeof optionNameField>>>,
    { error: `must be a mapping of ${TRANSACTION_OPTION_KEYS.join(', ')} to option names` },
  )
  .superRefine((options, ctx) => {
    for (const key of ['clientId', 'clientSecret'] as const) {
      const name = options[key];
      if (name !== undefined && !name.includes('{client}')) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `must contain {client}, which becomes each OAuth client's name, e.g. {client}.client-id`,
        });
      }
    }
  });

export const handoffSchema = z
  .strictObject(
    {
      transactionObject: z
        .strictObject(
          {
            name: nameField('Transaction object name').optional().meta({
              description: 'Name of the Transaction object at Tenant level in Configuration Server',
            }),
            section: optionNameField('section name')
              .optional()
              .meta({ description: 'Section of the Transaction object that holds the options' }),
            options: optionsSchema.optional().meta({
              description: 'Option name per value; clientId and clientSecret contain {client}',
            }),
          },
          { error: 'must be a mapping such as { section: genesys-cloud, options: { orgName: org-name } }' },
        )
        .optional(),
    },
    { error: 'must be a mapping such as { transactionObject: { section: genesys-cloud } }' },
  )
  .optional()
  .meta({ description: 'What `hybrid handoff` writes for the PureEngage side (Transaction object names)' });

export type HandoffSpec = z.output<typeof handoffSchema>;
