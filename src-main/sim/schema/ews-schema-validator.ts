import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XmlParseError, XsdValidator, type XmlElement } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

export interface SchemaViolation {
  message: string;
  line: number;
}

export type ValidationResult = { valid: true } | { valid: false; violations: SchemaViolation[] };

/** Where Microsoft's EWS schema lives: `BEACON_EWS_SCHEMA_DIR`, else `shared/ews-schema` beside the checkout. */
export function defaultSchemaDir(): string {
  const fromEnv = process.env.BEACON_EWS_SCHEMA_DIR;
  if (fromEnv) return resolve(fromEnv);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return resolve(repoRoot, '../shared/ews-schema');
}

export function schemaAvailable(dir = defaultSchemaDir()): boolean {
  return existsSync(join(dir, 'messages.xsd'));
}

/**
 * Validates the payload of a SOAP envelope (the first element inside Body) against the Exchange
 * Online `messages.xsd`, with libxml2 (compiled to WebAssembly, so nothing to install). The
 * schema is compiled once (~0.6 s); each validation then takes about a millisecond.
 */
export class EwsSchemaValidator {
  private readonly validator: XsdValidator;

  private constructor(validator: XsdValidator) {
    this.validator = validator;
  }

  static load(dir = defaultSchemaDir()): EwsSchemaValidator {
    xmlRegisterFsInputProviders();
    const path = join(dir, 'messages.xsd');
    if (!existsSync(path))
      throw new Error(`EWS schema not found at ${path} (set BEACON_EWS_SCHEMA_DIR)`);
    const xsd = XmlDocument.fromBuffer(readFileSync(path), { url: path });
    try {
      return new EwsSchemaValidator(XsdValidator.fromDoc(xsd));
    } finally {
      xsd.dispose();
    }
  }

  /** Validates the body payload of a SOAP envelope. Envelope and Body are matched by local name. */
  validateEnvelope(xml: string): ValidationResult {
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromString(xml);
    } catch (error) {
      const message = error instanceof XmlParseError ? error.message : String(error);
      return {
        valid: false,
        violations: [{ message: `Not well-formed XML: ${message.trim()}`, line: 0 }],
      };
    }
    try {
      const payload = doc.get('/*[local-name()="Envelope"]/*[local-name()="Body"]/*[1]');
      if (payload === null) {
        return { valid: false, violations: [{ message: 'No element inside soap:Body', line: 0 }] };
      }
      // XPath hands back the generic node type; `[1]` of an element step is always an element.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      return this.validateElement(payload as XmlElement);
    } finally {
      doc.dispose();
    }
  }

  private validateElement(element: XmlElement): ValidationResult {
    try {
      this.validator.validate(element);
      return { valid: true };
    } catch (error) {
      const details = (error as { details?: { message: string; line: number }[] }).details;
      const violations = details?.length
        ? details.map((d) => ({ message: d.message.trim(), line: d.line }))
        : [{ message: error instanceof Error ? error.message.trim() : String(error), line: 0 }];
      return { valid: false, violations };
    }
  }
}
