// A model module: a GRU encoder and a decoder back to the input's width, trained on reconstruction.
// `decoder: lstm` builds the decoder with seqsweep's fused LSTM kernel (ctx.lstm), the fast path for LSTMs.
import { z } from 'zod';
import { defineModel } from '@seqsweep/ml/define';

export default defineModel({
  name: 'gru-ae',
  description: 'GRU encoder, GRU or fused-LSTM decoder, trained to reconstruct its input',
  head: 'none',
  kinds: ['reconstruction', 'classification', 'prediction'],
  options: z.strictObject({
    hiddenSize: z.number().int().positive().max(1024).default(16),
    decoder: z.enum(['gru', 'lstm']).default('gru'),
  }),
  build: ({ tf, input, options, shape, glorot, lstm }) => {
    const encoded = tf.layers.gru({
      units: options.hiddenSize, returnSequences: true, kernelInitializer: glorot(), recurrentInitializer: glorot(), name: 'encoder',
    }).apply(input);
    const decoder = options.decoder === 'lstm'
      ? lstm({ units: shape.features, name: 'decoder' })
      : tf.layers.gru({ units: shape.features, returnSequences: true, kernelInitializer: glorot(), recurrentInitializer: glorot(), name: 'decoder' });
    return decoder.apply(encoded);
  },
});
