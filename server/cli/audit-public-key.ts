/** `npm run audit:public-key`: prints the checkpoint signing key's public half (hex), what audit:verify is given. */
import { publicKeyHex, signingKeyFromHex } from '../audit/checkpoint';
import { signingKeyHex, usage } from './audit-settings';

const signingKey = signingKeyFromHex(signingKeyHex()) ?? usage('MADOGUCHI_AUDIT_SIGNING_KEY (hex Ed25519 seed, 32 bytes) is required');
process.stdout.write(`${publicKeyHex(signingKey)}\n`);
