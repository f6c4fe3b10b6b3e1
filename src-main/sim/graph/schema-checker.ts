/**
 * The seam between the simulator's Graph face and its schema check: every request body the
 * face accepts and every response body it sends is checked against the Graph v1.0 CSDL
 * (`../shared/graph-schema`). A response that fails is a simulator bug.
 */
export interface GraphBodyViolation {
  /** JSON pointer of the offending value, e.g. '/value/3/showAs'. */
  path: string;
  message: string;
}

export type GraphCheck = { valid: true } | { valid: false; violations: GraphBodyViolation[] };

/**
 * How enum member names match: 'exact' (the CSDL's camelCase; for response bodies, which the
 * simulator writes) or 'anyCase' (for request bodies: the documented requests send 'Scheduled',
 * 'HTML', 'Monday', and the service accepts them).
 */
export type GraphEnumCase = 'exact' | 'anyCase';

export interface GraphCheckOptions {
  collection?: boolean;
  partial?: boolean;
  /** Default 'exact'; a request body is checked with 'anyCase'. */
  enumCase?: GraphEnumCase;
}

export interface GraphSchemaChecker {
  /**
   * A JSON value of a CSDL entity or complex type, e.g. 'microsoft.graph.event'.
   * `collection`: the value is an OData collection response `{ value: [...] }` (with optional
   * '@odata.*' annotations and '@removed' members for delta). `partial`: a PATCH body or a
   * `$select`ed answer, where properties that the type requires may be absent.
   */
  checkType(typeName: string, value: unknown, options?: GraphCheckOptions): GraphCheck;
  /**
   * The JSON body of a bound action, e.g. ('microsoft.graph.calendar', 'getSchedule') or
   * ('microsoft.graph.presence', 'setPresence'). Parameter names match case-insensitively (the
   * CSDL says 'Schedules', the documented requests send 'schedules'). An action body is a
   * request, so enum names match in any case unless `enumCase: 'exact'` is given.
   */
  checkActionBody(
    boundTo: string,
    action: string,
    body: unknown,
    options?: { enumCase?: GraphEnumCase },
  ): GraphCheck;
}
