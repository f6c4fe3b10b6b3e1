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

export interface GraphSchemaChecker {
  /**
   * A JSON value of a CSDL entity or complex type, e.g. 'microsoft.graph.event'.
   * `collection`: the value is an OData collection response `{ value: [...] }` (with optional
   * '@odata.*' annotations and '@removed' members for delta). `partial`: a PATCH body or a
   * `$select`ed answer, where properties that the type requires may be absent.
   */
  checkType(
    typeName: string,
    value: unknown,
    options?: { collection?: boolean; partial?: boolean },
  ): GraphCheck;
  /**
   * The JSON body of a bound action, e.g. ('microsoft.graph.calendar', 'getSchedule') or
   * ('microsoft.graph.presence', 'setPresence'). Parameter names match case-insensitively (the
   * CSDL says 'Schedules', the documented requests send 'schedules').
   */
  checkActionBody(boundTo: string, action: string, body: unknown): GraphCheck;
}
