import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: 'Stepwise', label: email, secret });
}

/**
 * Accepts the current code and the ones either side of it (30 s of clock drift) and returns the 30-second step it
 * belongs to, or null. The caller must also refuse a step already used (RFC 6238 §5.2: a code is accepted once).
 */
export async function verifyTotpStep(secret: string, token: string): Promise<number | null> {
  try {
    const result = (await verify({ secret, token, epochTolerance: 30 })) as { valid: boolean; timeStep?: number; delta?: number };
    if (!result.valid) return null;
    return (result.timeStep ?? Math.floor(Date.now() / 30_000)) + (result.delta ?? 0);
  } catch {
    return null;
  }
}

/** A QR code of the otpauth:// address, as a PNG data URL the enrolment screen shows. */
export async function totpQrCode(otpauthUrl: string): Promise<string> {
  return QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes (xxxxx-xxxxx, 50 bits each) for when the authenticator is lost. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** How a recovery code is stored: its SHA-256, after normalising case and the dash. */
export function recoveryCodeHash(code: string): string {
  return createHash('sha256')
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    )
    .digest('hex');
}

/** The code for now, or for a step ahead (tests log in twice within 30 s; a code is accepted only once). */
export function currentTotp(secret: string, stepsAhead = 0): Promise<string> {
  return stepsAhead === 0 ? generate({ secret }) : generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
}
