// Pages without live content of their own still show the stream's state and wire their forms.
import { start } from './live.js';
import { wireActions } from './actions.js';

wireActions();
start();
