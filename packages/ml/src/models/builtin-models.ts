/** The built-in models, registered like users' modules. A new model is one file and one line here. */
import { lstmAe } from './lstm-ae.js';
import { lstmAeClassifier } from './lstm-ae-classifier.js';
import { lstmAePredictor } from './lstm-ae-predictor.js';

export const BUILTIN_MODEL_MODULES = [lstmAe, lstmAeClassifier, lstmAePredictor] as const;
