/// candor's domain: loading, scoring, incidents and reports.
public enum CandorKit {}
