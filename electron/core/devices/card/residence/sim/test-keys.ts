import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { TEST_MATERIAL } from './test-material';

/**
 * The TEST-ONLY synthetic issuer material of ../fixtures (see its README): signer certificates and keys for
 * the virtual cards, issuer CAs for test trust lists. Never for production use.
 */

function fixture(name: string): Buffer {
  const base64 = TEST_MATERIAL[name];
  if (base64 === undefined) throw new Error(`no test material ${name}`);
  return Buffer.from(base64, 'base64');
}

export interface TestSigner {
  /** DER, as the card stores it in DB (gen 1) / DD (gen 2). */
  readonly certificate: Uint8Array;
  readonly privateKey: KeyObject;
}

export function testSigner(generation: 1 | 2): TestSigner {
  return {
    certificate: new Uint8Array(fixture(`gen${generation}-signer.der`)),
    privateKey: createPrivateKey(fixture(`gen${generation}-signer.key.pem`)),
  };
}

/** The synthetic CA that issued the test signer of that generation. */
export function testIssuer(generation: 1 | 2): X509Certificate {
  return new X509Certificate(fixture(`gen${generation}-issuer-ca.pem`));
}

/** A CA with the same name as testIssuer(generation) but another key: it issued nothing. */
export function testImpostorIssuer(generation: 1 | 2): X509Certificate {
  return new X509Certificate(fixture(`gen${generation}-impostor-ca.pem`));
}
