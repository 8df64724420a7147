// THIS FILE IS GENERATED from ../../openapi.yaml by scripts/openapi.mjs. DO NOT EDIT.
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "incidents",
    "version": "1",
    "description": "The Bomizzel incidents suite: incidents, runbooks and observability links for catalog entities. Every route requires user or service credentials.",
    "license": {
      "name": "Apache-2.0",
      "url": "http://www.apache.org/licenses/LICENSE-2.0.html"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "security": [
    {
      "JWT": []
    }
  ],
  "components": {
    "securitySchemes": {
      "JWT": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT"
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "name",
              "message"
            ],
            "additionalProperties": true
          },
          "request": {
            "type": "object",
            "additionalProperties": true
          },
          "response": {
            "type": "object",
            "additionalProperties": true
          }
        },
        "required": [
          "error"
        ],
        "additionalProperties": false
      },
      "SeverityId": {
        "type": "string",
        "description": "The id of a severity level (app-config `incidents.severities[].id`), for example P0.",
        "pattern": "^[A-Za-z0-9_-]{1,32}$"
      },
      "Severity": {
        "type": "object",
        "description": "A severity level of the incident process.",
        "properties": {
          "id": {
            "type": "string",
            "description": "Short id, for example P0."
          },
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "examples": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "responseMinutes": {
            "type": "integer",
            "description": "Minutes from detection within which the incident must be acknowledged."
          }
        },
        "required": [
          "id",
          "name",
          "description",
          "examples",
          "responseMinutes"
        ],
        "additionalProperties": false
      },
      "IncidentStatus": {
        "type": "string",
        "enum": [
          "INVESTIGATING",
          "IDENTIFIED",
          "RESOLVING",
          "RESOLVED"
        ]
      },
      "EntityRef": {
        "type": "string",
        "description": "A catalog entity ref, kind:namespace/name.",
        "pattern": "^[A-Za-z0-9_.-]+:([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+$",
        "maxLength": 255
      },
      "UserRef": {
        "type": "string",
        "description": "A user entity ref, user:namespace/name.",
        "pattern": "^user:([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+$",
        "maxLength": 255
      },
      "Incident": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer"
          },
          "ref": {
            "type": "string",
            "description": "Human reference, INC-<id>."
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string",
            "description": "Markdown."
          },
          "severity": {
            "type": "string"
          },
          "status": {
            "$ref": "#/components/schemas/IncidentStatus"
          },
          "commander": {
            "type": [
              "string",
              "null"
            ]
          },
          "reporter": {
            "type": "string"
          },
          "entityRefs": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "startedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time",
            "description": "Impact start, if known."
          },
          "detectedAt": {
            "type": "string",
            "format": "date-time"
          },
          "acknowledgedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "identifiedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "resolvedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time",
            "description": "Time of the latest resolution; cleared when the incident is reopened."
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "version": {
            "type": "integer"
          },
          "response": {
            "type": "object",
            "description": "The severity's response target (acknowledgement within the target after detection).",
            "properties": {
              "targetMinutes": {
                "type": "integer"
              },
              "deadline": {
                "type": "string",
                "format": "date-time"
              },
              "state": {
                "type": "string",
                "enum": [
                  "pending",
                  "met",
                  "breached"
                ]
              }
            },
            "required": [
              "targetMinutes",
              "deadline",
              "state"
            ],
            "additionalProperties": false
          },
          "demo": {
            "type": "boolean"
          }
        },
        "required": [
          "id",
          "ref",
          "title",
          "description",
          "severity",
          "status",
          "commander",
          "reporter",
          "entityRefs",
          "startedAt",
          "detectedAt",
          "acknowledgedAt",
          "identifiedAt",
          "resolvedAt",
          "createdAt",
          "updatedAt",
          "version",
          "response",
          "demo"
        ],
        "additionalProperties": false
      },
      "IncidentEvent": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer"
          },
          "incidentId": {
            "type": "integer"
          },
          "type": {
            "type": "string",
            "enum": [
              "created",
              "acknowledged",
              "status_changed",
              "reopened",
              "severity_changed",
              "commander_changed",
              "title_changed",
              "description_changed",
              "entity_added",
              "entity_removed",
              "note",
              "escalated",
              "alert",
              "postmortem_status_changed",
              "statuspage_published",
              "statuspage_failed"
            ]
          },
          "actor": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "message": {
            "type": [
              "string",
              "null"
            ]
          },
          "data": {
            "type": "object",
            "additionalProperties": true
          }
        },
        "required": [
          "id",
          "incidentId",
          "type",
          "actor",
          "createdAt",
          "message",
          "data"
        ],
        "additionalProperties": false
      },
      "EscalationLevel": {
        "type": "object",
        "description": "One level of the escalation policy and where the incident stands on it.",
        "properties": {
          "id": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "role": {
            "type": "string",
            "enum": [
              "oncall",
              "lead",
              "manager",
              "executive"
            ]
          },
          "afterMinutes": {
            "type": "number",
            "description": "Minutes after detection at which the level fires."
          },
          "severities": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "stopWhen": {
            "type": "string",
            "enum": [
              "progress",
              "resolved"
            ],
            "description": "progress = acknowledged and moved past INVESTIGATING; resolved = RESOLVED."
          },
          "state": {
            "type": "string",
            "enum": [
              "fired",
              "pending",
              "stopped",
              "not-applicable"
            ]
          },
          "dueAt": {
            "type": "string",
            "format": "date-time"
          },
          "firedAt": {
            "type": "string",
            "format": "date-time"
          },
          "recipients": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        },
        "required": [
          "id",
          "title",
          "role",
          "afterMinutes",
          "severities",
          "stopWhen",
          "state",
          "dueAt",
          "recipients"
        ],
        "additionalProperties": false
      },
      "ReceivedAlert": {
        "type": "object",
        "description": "One firing episode of an alert (fingerprint + start) and where it went.",
        "properties": {
          "id": {
            "type": "integer"
          },
          "fingerprint": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "firing",
              "resolved"
            ]
          },
          "alertname": {
            "type": "string"
          },
          "labels": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "annotations": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "startsAt": {
            "type": "string",
            "format": "date-time"
          },
          "endsAt": {
            "type": "string",
            "format": "date-time"
          },
          "generatorUrl": {
            "type": "string"
          },
          "runbookUrl": {
            "type": "string"
          },
          "incidentId": {
            "type": "integer"
          },
          "reason": {
            "type": "string"
          },
          "receivedAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "fingerprint",
          "status",
          "labels",
          "annotations",
          "startsAt",
          "receivedAt",
          "updatedAt"
        ],
        "additionalProperties": false
      },
      "Duration": {
        "type": "object",
        "description": "Durations in milliseconds over the incidents that have both timestamps; null when there are none.",
        "properties": {
          "count": {
            "type": "integer"
          },
          "median": {
            "type": [
              "number",
              "null"
            ]
          },
          "p90": {
            "type": [
              "number",
              "null"
            ]
          },
          "mean": {
            "type": [
              "number",
              "null"
            ]
          }
        },
        "required": [
          "count",
          "median",
          "p90",
          "mean"
        ],
        "additionalProperties": false
      },
      "Stats": {
        "type": "object",
        "properties": {
          "entityRefs": {
            "type": "array",
            "description": "The entities counted, after roll-up of systems and groups.",
            "items": {
              "type": "string"
            }
          },
          "total": {
            "type": "integer"
          },
          "open": {
            "type": "integer"
          },
          "bySeverity": {
            "type": "object",
            "additionalProperties": {
              "type": "integer"
            }
          },
          "byStatus": {
            "type": "object",
            "additionalProperties": {
              "type": "integer"
            }
          },
          "mtta": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Duration"
              }
            ],
            "description": "Mean time to acknowledge, acknowledgedAt - detectedAt."
          },
          "mttr": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Duration"
              }
            ],
            "description": "Mean time to resolve, resolvedAt - (startedAt, else detectedAt)."
          },
          "monthly": {
            "type": "array",
            "description": "The last 12 calendar months (UTC), oldest first.",
            "items": {
              "type": "object",
              "properties": {
                "month": {
                  "type": "string",
                  "description": "YYYY-MM"
                },
                "total": {
                  "type": "integer"
                },
                "bySeverity": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "integer"
                  }
                }
              },
              "required": [
                "month",
                "total",
                "bySeverity"
              ],
              "additionalProperties": false
            }
          }
        },
        "required": [
          "entityRefs",
          "total",
          "open",
          "bySeverity",
          "byStatus",
          "mtta",
          "mttr",
          "monthly"
        ],
        "additionalProperties": false
      },
      "RenderedMessage": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string",
            "enum": [
              "initial",
              "update",
              "resolution"
            ]
          },
          "title": {
            "type": "string"
          },
          "text": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "title",
          "text"
        ],
        "additionalProperties": false
      },
      "StatuspagePreview": {
        "type": "object",
        "description": "What a publication would send to the status page now.",
        "properties": {
          "name": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "investigating",
              "identified",
              "monitoring",
              "resolved"
            ]
          },
          "impact": {
            "type": "string",
            "enum": [
              "none",
              "minor",
              "major",
              "critical"
            ]
          },
          "componentStatus": {
            "type": "string",
            "enum": [
              "operational",
              "degraded_performance",
              "partial_outage",
              "major_outage",
              "under_maintenance"
            ]
          },
          "componentIds": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "messageId": {
            "type": "string",
            "enum": [
              "initial",
              "update",
              "resolution"
            ]
          },
          "message": {
            "type": "string"
          }
        },
        "required": [
          "name",
          "status",
          "impact",
          "componentStatus",
          "componentIds",
          "messageId",
          "message"
        ],
        "additionalProperties": false
      },
      "StatuspagePublication": {
        "type": "object",
        "description": "Where an incident stands on the status page of its entities.",
        "properties": {
          "incidentId": {
            "type": "integer"
          },
          "available": {
            "type": "boolean",
            "description": "False when no affected entity names a component of a configured page."
          },
          "reason": {
            "type": "string"
          },
          "page": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "url": {
                "type": "string"
              }
            },
            "required": [
              "name"
            ],
            "additionalProperties": false
          },
          "published": {
            "type": "boolean"
          },
          "statuspageIncidentId": {
            "type": "string"
          },
          "shortlink": {
            "type": "string"
          },
          "publishedStatus": {
            "$ref": "#/components/schemas/IncidentStatus"
          },
          "publishedAt": {
            "type": "string",
            "format": "date-time"
          },
          "publishedBy": {
            "type": "string"
          },
          "lastError": {
            "type": "string"
          },
          "lastAttemptAt": {
            "type": "string",
            "format": "date-time"
          },
          "changedSincePublication": {
            "type": "boolean"
          },
          "preview": {
            "$ref": "#/components/schemas/StatuspagePreview"
          }
        },
        "required": [
          "incidentId",
          "available",
          "published",
          "changedSincePublication"
        ],
        "additionalProperties": false
      },
      "RunbookHeading": {
        "type": "object",
        "properties": {
          "depth": {
            "type": "integer",
            "minimum": 1,
            "maximum": 6
          },
          "text": {
            "type": "string",
            "description": "The heading's text, markdown stripped."
          },
          "slug": {
            "type": "string",
            "description": "GitHub-style anchor, unique within the runbook."
          }
        },
        "required": [
          "depth",
          "text",
          "slug"
        ],
        "additionalProperties": false
      },
      "RunbookSummary": {
        "type": "object",
        "description": "What the index knows of one markdown file under a runbook root.",
        "properties": {
          "path": {
            "type": "string",
            "description": "POSIX path relative to its root, for example runbooks/database.md."
          },
          "title": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "headings": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RunbookHeading"
            }
          },
          "owner": {
            "type": "string"
          },
          "entities": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "tags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "severities": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "lastReviewed": {
            "type": "string",
            "format": "date"
          },
          "stale": {
            "type": "boolean",
            "description": "Not reviewed within incidents.runbooks.staleAfterDays, or never reviewed."
          },
          "size": {
            "type": "integer"
          },
          "modifiedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "path",
          "title",
          "headings",
          "entities",
          "tags",
          "severities",
          "stale",
          "size",
          "modifiedAt"
        ],
        "additionalProperties": false
      },
      "RunbookListItem": {
        "type": "object",
        "description": "A RunbookSummary, with its relevance when searched.",
        "properties": {
          "path": {
            "type": "string",
            "description": "POSIX path relative to its root, for example runbooks/database.md."
          },
          "title": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "headings": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RunbookHeading"
            }
          },
          "owner": {
            "type": "string"
          },
          "entities": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "tags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "severities": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "lastReviewed": {
            "type": "string",
            "format": "date"
          },
          "stale": {
            "type": "boolean",
            "description": "Not reviewed within incidents.runbooks.staleAfterDays, or never reviewed."
          },
          "size": {
            "type": "integer"
          },
          "modifiedAt": {
            "type": "string",
            "format": "date-time"
          },
          "score": {
            "type": "number",
            "description": "Relevance to q, higher is better."
          },
          "snippet": {
            "type": "string",
            "description": "Text around the best match of q."
          }
        },
        "required": [
          "path",
          "title",
          "headings",
          "entities",
          "tags",
          "severities",
          "stale",
          "size",
          "modifiedAt"
        ],
        "additionalProperties": false
      },
      "Runbook": {
        "type": "object",
        "description": "A RunbookSummary with the runbook's content.",
        "properties": {
          "path": {
            "type": "string",
            "description": "POSIX path relative to its root, for example runbooks/database.md."
          },
          "title": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "headings": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RunbookHeading"
            }
          },
          "owner": {
            "type": "string"
          },
          "entities": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "tags": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "severities": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "lastReviewed": {
            "type": "string",
            "format": "date"
          },
          "stale": {
            "type": "boolean",
            "description": "Not reviewed within incidents.runbooks.staleAfterDays, or never reviewed."
          },
          "size": {
            "type": "integer"
          },
          "modifiedAt": {
            "type": "string",
            "format": "date-time"
          },
          "markdown": {
            "type": "string",
            "description": "The markdown body, front matter removed."
          },
          "frontMatter": {
            "type": "object",
            "additionalProperties": true
          }
        },
        "required": [
          "path",
          "title",
          "headings",
          "entities",
          "tags",
          "severities",
          "stale",
          "size",
          "modifiedAt",
          "markdown",
          "frontMatter"
        ],
        "additionalProperties": false
      },
      "LinkTool": {
        "type": "string",
        "enum": [
          "grafana",
          "jaeger",
          "statuspage",
          "prometheus",
          "alertmanager",
          "loki",
          "pagerduty",
          "slack",
          "apiDocs",
          "runbook",
          "other"
        ]
      },
      "ObservabilityLink": {
        "type": "object",
        "properties": {
          "tool": {
            "$ref": "#/components/schemas/LinkTool"
          },
          "title": {
            "type": "string"
          },
          "url": {
            "type": "string",
            "description": "An http(s) URL."
          },
          "kind": {
            "type": "string",
            "description": "What the link opens, for example dashboard, dashboards, alerts, search, errors, page."
          },
          "instance": {
            "type": "string",
            "description": "The configured instance, where a tool has several."
          }
        },
        "required": [
          "tool",
          "title",
          "url"
        ],
        "additionalProperties": false
      },
      "LinkGroup": {
        "type": "object",
        "properties": {
          "tool": {
            "$ref": "#/components/schemas/LinkTool"
          },
          "title": {
            "type": "string"
          },
          "links": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ObservabilityLink"
            }
          }
        },
        "required": [
          "tool",
          "title",
          "links"
        ],
        "additionalProperties": false
      },
      "StatusSource": {
        "type": "object",
        "description": "The live state of one source (grafana-dashboards, grafana-alerts, jaeger, statuspage): ok, stale (the last good answer, served after a failure) or unavailable, with the reason.",
        "properties": {
          "source": {
            "type": "string",
            "enum": [
              "grafana-dashboards",
              "grafana-alerts",
              "jaeger",
              "statuspage"
            ]
          },
          "state": {
            "type": "string",
            "enum": [
              "ok",
              "stale",
              "unavailable"
            ]
          },
          "reason": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "instance": {
            "type": "string"
          },
          "dashboards": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "uid": {
                  "type": "string"
                },
                "title": {
                  "type": "string"
                },
                "url": {
                  "type": "string"
                }
              },
              "required": [
                "uid",
                "title",
                "url"
              ],
              "additionalProperties": false
            }
          },
          "firing": {
            "type": "integer"
          },
          "alerts": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "name": {
                  "type": "string"
                },
                "state": {
                  "type": "string"
                },
                "url": {
                  "type": "string"
                },
                "labels": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "string"
                  }
                }
              },
              "required": [
                "name",
                "state",
                "labels"
              ],
              "additionalProperties": false
            }
          },
          "service": {
            "type": "string"
          },
          "errorTraces": {
            "type": "integer"
          },
          "lookback": {
            "type": "string"
          },
          "traces": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "traceId": {
                  "type": "string"
                },
                "operation": {
                  "type": "string"
                },
                "startTime": {
                  "type": "string"
                },
                "durationMs": {
                  "type": "number"
                },
                "url": {
                  "type": "string"
                }
              },
              "required": [
                "traceId",
                "operation",
                "startTime",
                "durationMs",
                "url"
              ],
              "additionalProperties": false
            }
          },
          "components": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string"
                },
                "name": {
                  "type": "string"
                },
                "status": {
                  "type": "string"
                },
                "url": {
                  "type": "string"
                }
              },
              "required": [
                "id",
                "name",
                "status"
              ],
              "additionalProperties": false
            }
          }
        },
        "required": [
          "source",
          "state"
        ],
        "additionalProperties": false
      },
      "PostmortemStatus": {
        "type": "string",
        "enum": [
          "draft",
          "in_review",
          "published"
        ]
      },
      "PostmortemSectionId": {
        "type": "string",
        "enum": [
          "summary",
          "timeline",
          "rootCause",
          "responseEvaluation"
        ]
      },
      "PostmortemSection": {
        "type": "object",
        "properties": {
          "id": {
            "$ref": "#/components/schemas/PostmortemSectionId"
          },
          "title": {
            "type": "string"
          },
          "prompts": {
            "type": "array",
            "description": "The questions of the runbook's template for this section.",
            "items": {
              "type": "string"
            }
          },
          "markdown": {
            "type": "string"
          },
          "updatedBy": {
            "type": "string",
            "description": "Who last wrote the section; absent while it holds the prefilled template."
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "title",
          "prompts",
          "markdown"
        ],
        "additionalProperties": false
      },
      "Postmortem": {
        "type": "object",
        "properties": {
          "incidentId": {
            "type": "integer"
          },
          "incidentRef": {
            "type": "string"
          },
          "exists": {
            "type": "boolean",
            "description": "False before anyone saved it; the sections are then the prefilled template."
          },
          "status": {
            "$ref": "#/components/schemas/PostmortemStatus"
          },
          "required": {
            "type": "boolean",
            "description": "Whether the incident's severity requires one (incidents.postmortems.requiredFor)."
          },
          "dueAt": {
            "type": "string",
            "format": "date-time",
            "description": "Resolution + incidents.postmortems.dueHours, when required and resolved."
          },
          "overdue": {
            "type": "boolean"
          },
          "sections": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PostmortemSection"
            }
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "publishedAt": {
            "type": "string",
            "format": "date-time"
          },
          "version": {
            "type": "integer",
            "description": "For If-Match; 0 before it exists."
          }
        },
        "required": [
          "incidentId",
          "incidentRef",
          "exists",
          "status",
          "required",
          "overdue",
          "sections",
          "version"
        ],
        "additionalProperties": false
      },
      "PostmortemSummary": {
        "type": "object",
        "properties": {
          "incidentId": {
            "type": "integer"
          },
          "incidentRef": {
            "type": "string"
          },
          "incidentTitle": {
            "type": "string"
          },
          "severity": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "draft",
              "in_review",
              "published",
              "missing"
            ]
          },
          "required": {
            "type": "boolean"
          },
          "dueAt": {
            "type": "string",
            "format": "date-time"
          },
          "overdue": {
            "type": "boolean"
          },
          "entityRefs": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "incidentId",
          "incidentRef",
          "incidentTitle",
          "severity",
          "status",
          "required",
          "overdue",
          "entityRefs"
        ],
        "additionalProperties": false
      },
      "ActionItemKind": {
        "type": "string",
        "enum": [
          "immediate_fix",
          "long_term_improvement",
          "process_change",
          "monitoring_enhancement"
        ]
      },
      "ActionItemStatus": {
        "type": "string",
        "enum": [
          "open",
          "in_progress",
          "done",
          "wont_do"
        ]
      },
      "ActionItemOwner": {
        "type": "string",
        "description": "A user or group entity ref.",
        "pattern": "^(?:[Uu][Ss][Ee][Rr]|[Gg][Rr][Oo][Uu][Pp]):([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+$",
        "maxLength": 255
      },
      "ActionItem": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer"
          },
          "incidentId": {
            "type": "integer"
          },
          "incidentRef": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "kind": {
            "$ref": "#/components/schemas/ActionItemKind"
          },
          "owner": {
            "type": "string"
          },
          "dueDate": {
            "type": "string",
            "format": "date"
          },
          "status": {
            "$ref": "#/components/schemas/ActionItemStatus"
          },
          "ticketUrl": {
            "type": "string"
          },
          "overdue": {
            "type": "boolean",
            "description": "Open or in progress, and due before today (UTC)."
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "version": {
            "type": "integer"
          }
        },
        "required": [
          "id",
          "incidentId",
          "incidentRef",
          "title",
          "kind",
          "status",
          "overdue",
          "createdBy",
          "createdAt",
          "updatedAt",
          "version"
        ],
        "additionalProperties": false
      },
      "ActionItemList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "description": "Overdue first, then by due date (undated last), then by id; at most 500.",
            "items": {
              "$ref": "#/components/schemas/ActionItem"
            }
          }
        },
        "required": [
          "items"
        ],
        "additionalProperties": false
      },
      "TrendGroup": {
        "type": "object",
        "properties": {
          "ownerRef": {
            "type": "string"
          },
          "systemRef": {
            "type": "string"
          },
          "total": {
            "type": "integer"
          },
          "mtta": {
            "$ref": "#/components/schemas/Duration"
          },
          "mttr": {
            "$ref": "#/components/schemas/Duration"
          }
        },
        "required": [
          "total",
          "mtta",
          "mttr"
        ],
        "additionalProperties": false
      },
      "Trends": {
        "type": "object",
        "properties": {
          "months": {
            "type": "array",
            "description": "YYYY-MM, oldest first.",
            "items": {
              "type": "string"
            }
          },
          "monthly": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "month": {
                  "type": "string"
                },
                "total": {
                  "type": "integer"
                },
                "bySeverity": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "integer"
                  }
                },
                "mtta": {
                  "$ref": "#/components/schemas/Duration"
                },
                "mttr": {
                  "$ref": "#/components/schemas/Duration"
                }
              },
              "required": [
                "month",
                "total",
                "bySeverity",
                "mtta",
                "mttr"
              ],
              "additionalProperties": false
            }
          },
          "byTeam": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/TrendGroup"
            }
          },
          "bySystem": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/TrendGroup"
            }
          },
          "topEntities": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "entityRef": {
                  "type": "string"
                },
                "total": {
                  "type": "integer"
                }
              },
              "required": [
                "entityRef",
                "total"
              ],
              "additionalProperties": false
            }
          },
          "postmortems": {
            "type": "object",
            "properties": {
              "required": {
                "type": "integer"
              },
              "published": {
                "type": "integer"
              },
              "overdue": {
                "type": "integer"
              }
            },
            "required": [
              "required",
              "published",
              "overdue"
            ],
            "additionalProperties": false
          },
          "actionItems": {
            "type": "object",
            "properties": {
              "open": {
                "type": "integer"
              },
              "overdue": {
                "type": "integer"
              },
              "done": {
                "type": "integer"
              }
            },
            "required": [
              "open",
              "overdue",
              "done"
            ],
            "additionalProperties": false
          }
        },
        "required": [
          "months",
          "monthly",
          "byTeam",
          "bySystem",
          "topEntities",
          "postmortems",
          "actionItems"
        ],
        "additionalProperties": false
      }
    },
    "parameters": {
      "incidentId": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The incident, as its number or its reference (42 or INC-42).",
        "schema": {
          "type": "string",
          "pattern": "^(INC-)?[0-9]{1,15}$"
        }
      },
      "entityRefQuery": {
        "name": "entityRef",
        "in": "query",
        "description": "Entities whose incidents are wanted; a System includes its components and resources, a Group the entities it owns. Repeatable.",
        "style": "form",
        "explode": true,
        "allowReserved": true,
        "schema": {
          "type": "array",
          "maxItems": 50,
          "items": {
            "$ref": "#/components/schemas/EntityRef"
          }
        }
      }
    },
    "headers": {
      "ETag": {
        "description": "The incident's version, for If-Match.",
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "ErrorResponse": {
        "description": "An error.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    }
  },
  "paths": {
    "/incidents": {
      "get": {
        "operationId": "ListIncidents",
        "description": "Incidents, newest first, with keyset pagination.",
        "parameters": [
          {
            "$ref": "#/components/parameters/entityRefQuery"
          },
          {
            "name": "status",
            "in": "query",
            "style": "form",
            "explode": true,
            "schema": {
              "type": "array",
              "maxItems": 4,
              "items": {
                "$ref": "#/components/schemas/IncidentStatus"
              }
            }
          },
          {
            "name": "severity",
            "in": "query",
            "style": "form",
            "explode": true,
            "schema": {
              "type": "array",
              "maxItems": 20,
              "items": {
                "$ref": "#/components/schemas/SeverityId"
              }
            }
          },
          {
            "name": "from",
            "in": "query",
            "description": "Only incidents created at or after this time.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "description": "Only incidents created before this time.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "q",
            "in": "query",
            "description": "Text that the title or the description contains (case-insensitive).",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            }
          },
          {
            "name": "limit",
            "in": "query",
            "description": "Page size.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "description": "The nextCursor of the previous page.",
            "schema": {
              "type": "string",
              "maxLength": 200
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of incidents.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Incident"
                      }
                    },
                    "nextCursor": {
                      "type": "string",
                      "description": "Present when there are more incidents."
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "post": {
        "operationId": "CreateIncident",
        "description": "Declares an incident. Retries with the same Idempotency-Key return the first response.",
        "parameters": [
          {
            "name": "Idempotency-Key",
            "in": "header",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 100000
                  },
                  "severity": {
                    "type": "string",
                    "maxLength": 32
                  },
                  "entityRefs": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 50,
                    "items": {
                      "$ref": "#/components/schemas/EntityRef"
                    }
                  },
                  "commander": {
                    "$ref": "#/components/schemas/UserRef"
                  },
                  "startedAt": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "detectedAt": {
                    "type": "string",
                    "format": "date-time"
                  }
                },
                "required": [
                  "title",
                  "severity",
                  "entityRefs"
                ],
                "additionalProperties": false
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The incident.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "422": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}": {
      "get": {
        "operationId": "GetIncident",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The incident.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "patch": {
        "operationId": "UpdateIncident",
        "description": "Changes an incident. Requires If-Match with the ETag last read; answers 412 when someone changed it since.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          },
          {
            "name": "If-Match",
            "in": "header",
            "schema": {
              "type": "string",
              "maxLength": 100
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "minProperties": 1,
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "description": {
                    "type": "string",
                    "maxLength": 100000
                  },
                  "severity": {
                    "type": "string",
                    "maxLength": 32
                  },
                  "status": {
                    "$ref": "#/components/schemas/IncidentStatus"
                  },
                  "commander": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/UserRef"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "entityRefs": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 50,
                    "items": {
                      "$ref": "#/components/schemas/EntityRef"
                    }
                  },
                  "acknowledge": {
                    "type": "boolean",
                    "description": "Acknowledge the incident (sets acknowledgedAt once)."
                  },
                  "message": {
                    "type": "string",
                    "maxLength": 10000,
                    "description": "Recorded on the timeline with the change."
                  }
                },
                "additionalProperties": false
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The changed incident.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Incident"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "412": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "428": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/events": {
      "get": {
        "operationId": "ListIncidentEvents",
        "description": "The incident's timeline, oldest first.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The timeline.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/IncidentEvent"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "post": {
        "operationId": "CreateIncidentEvent",
        "description": "Adds a note, acknowledges, or changes the status with a message. Needs no If-Match: changes from several people apply one after the other. A note only appends to the timeline, so the incident's version (ETag) stays and nobody's If-Match goes stale; an acknowledgement or a status change makes a new version.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "type": "object",
                    "properties": {
                      "type": {
                        "const": "note"
                      },
                      "message": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 10000
                      }
                    },
                    "required": [
                      "type",
                      "message"
                    ],
                    "additionalProperties": false
                  },
                  {
                    "type": "object",
                    "properties": {
                      "type": {
                        "const": "acknowledge"
                      },
                      "message": {
                        "type": "string",
                        "maxLength": 10000
                      }
                    },
                    "required": [
                      "type"
                    ],
                    "additionalProperties": false
                  },
                  {
                    "type": "object",
                    "properties": {
                      "type": {
                        "const": "status"
                      },
                      "status": {
                        "$ref": "#/components/schemas/IncidentStatus"
                      },
                      "message": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 10000
                      }
                    },
                    "required": [
                      "type",
                      "status",
                      "message"
                    ],
                    "additionalProperties": false
                  }
                ]
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The events written.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/IncidentEvent"
                      }
                    },
                    "incident": {
                      "$ref": "#/components/schemas/Incident"
                    }
                  },
                  "required": [
                    "items",
                    "incident"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/messages": {
      "get": {
        "operationId": "GetIncidentMessages",
        "description": "The runbook's message templates (initial alert, status update, resolution) rendered from the incident.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The rendered messages.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/RenderedMessage"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/statuspage": {
      "get": {
        "operationId": "GetIncidentStatuspage",
        "description": "The incident's publication on the status page and a preview of what publishing now would send.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The publication state.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StatuspagePublication"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "post": {
        "operationId": "PublishIncidentStatuspage",
        "description": "Creates the incident on the status page the first time, updates it afterwards. The name and message override the preview's.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255
                  },
                  "message": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 10000
                  }
                },
                "additionalProperties": false
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The publication state after publishing.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StatuspagePublication"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "409": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "502": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/escalation": {
      "get": {
        "operationId": "GetIncidentEscalation",
        "description": "Where the incident stands on each level of the escalation policy, who is on it, and when the next level fires.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The incident's escalation.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "incidentId": {
                      "type": "integer"
                    },
                    "currentLevel": {
                      "type": "string"
                    },
                    "next": {
                      "type": "object",
                      "properties": {
                        "level": {
                          "type": "string"
                        },
                        "dueAt": {
                          "type": "string",
                          "format": "date-time"
                        }
                      },
                      "required": [
                        "level",
                        "dueAt"
                      ],
                      "additionalProperties": false
                    },
                    "levels": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/EscalationLevel"
                      }
                    }
                  },
                  "required": [
                    "incidentId",
                    "levels"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/alerts/alertmanager": {
      "post": {
        "operationId": "ReceiveAlertmanagerWebhook",
        "description": "Alertmanager webhook receiver (payload version 4; Grafana alerting's\nextra fields are accepted and ignored). Each Alertmanager group opens\nat most one incident at a time; repeats of an alert add timeline\nevents; redeliveries change nothing; alerts naming no catalog entity\nare kept (GET /alerts). Callers use service credentials, for example a\nBackstage external-access static token.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "version": {
                    "type": "string"
                  },
                  "groupKey": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 4096
                  },
                  "status": {
                    "type": "string"
                  },
                  "receiver": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 255
                  },
                  "groupLabels": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  },
                  "commonLabels": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  },
                  "commonAnnotations": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  },
                  "externalURL": {
                    "type": "string"
                  },
                  "alerts": {
                    "type": "array",
                    "maxItems": 5000,
                    "items": {
                      "type": "object",
                      "properties": {
                        "status": {
                          "type": "string",
                          "enum": [
                            "firing",
                            "resolved"
                          ]
                        },
                        "labels": {
                          "type": "object",
                          "additionalProperties": {
                            "type": "string"
                          }
                        },
                        "annotations": {
                          "type": "object",
                          "additionalProperties": {
                            "type": "string"
                          }
                        },
                        "startsAt": {
                          "type": "string",
                          "format": "date-time"
                        },
                        "endsAt": {
                          "type": "string"
                        },
                        "generatorURL": {
                          "type": "string"
                        },
                        "fingerprint": {
                          "type": "string",
                          "maxLength": 64
                        }
                      },
                      "required": [
                        "status",
                        "labels",
                        "startsAt"
                      ]
                    }
                  }
                },
                "required": [
                  "groupKey",
                  "receiver",
                  "alerts"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "What the delivery did.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "received": {
                      "type": "integer"
                    },
                    "changed": {
                      "type": "integer"
                    },
                    "unmapped": {
                      "type": "integer"
                    },
                    "incident": {
                      "type": "object",
                      "properties": {
                        "id": {
                          "type": "integer"
                        },
                        "ref": {
                          "type": "string"
                        },
                        "created": {
                          "type": "boolean"
                        },
                        "status": {
                          "type": "string"
                        }
                      },
                      "required": [
                        "id",
                        "ref",
                        "created",
                        "status"
                      ],
                      "additionalProperties": false
                    }
                  },
                  "required": [
                    "received",
                    "changed",
                    "unmapped"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/alerts": {
      "get": {
        "operationId": "ListUnmappedAlerts",
        "description": "Alerts that no catalog entity could be found for, newest first, kept for a human.",
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The unmapped alerts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ReceivedAlert"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/alerts": {
      "get": {
        "operationId": "ListIncidentAlerts",
        "description": "The alerts of an incident (with their runbook links), oldest first.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The incident's alerts.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ReceivedAlert"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/stats": {
      "get": {
        "operationId": "GetStats",
        "description": "Counts, MTTA, MTTR and a 12-month series for one or more entities.",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "required": true,
            "style": "form",
            "explode": true,
            "allowReserved": true,
            "schema": {
              "type": "array",
              "minItems": 1,
              "maxItems": 50,
              "items": {
                "$ref": "#/components/schemas/EntityRef"
              }
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The statistics.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Stats"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/severities": {
      "get": {
        "operationId": "GetSeverities",
        "description": "The configured severity levels, most severe first.",
        "responses": {
          "200": {
            "description": "The severity levels.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Severity"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/runbooks": {
      "get": {
        "operationId": "ListRunbooks",
        "description": "Runbooks (markdown files under incidents.runbooks.roots). With entityRef, the entity's runbooks: those whose front matter lists it, those its bomizzel.com/runbooks annotation names and its metadata.links of type runbook that point inside the roots; a System includes its parts. With q, best matches first, else by title.",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "allowReserved": true,
            "schema": {
              "$ref": "#/components/schemas/EntityRef"
            }
          },
          {
            "name": "q",
            "in": "query",
            "description": "Full-text search over titles, headings and text.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            }
          },
          {
            "name": "limit",
            "in": "query",
            "description": "At most this many runbooks (the best matches with q); total says how many matched.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 50
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The runbooks.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/RunbookListItem"
                      }
                    },
                    "total": {
                      "type": "integer",
                      "description": "How many runbooks matched before the limit."
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/runbooks/{path}": {
      "get": {
        "operationId": "GetRunbook",
        "description": "One runbook as JSON: markdown, front matter and headings. The path is the runbook's path relative to its root and may contain slashes, raw (/runbooks/runbooks/database.md) or encoded (/runbooks/runbooks%2Fdatabase.md). Only files in the index are served.",
        "parameters": [
          {
            "name": "path",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 4,
              "maxLength": 1024,
              "pattern": "\\.md$"
            }
          },
          {
            "name": "If-None-Match",
            "in": "header",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The runbook.",
            "headers": {
              "ETag": {
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Runbook"
                }
              }
            }
          },
          "304": {
            "description": "Unchanged since the ETag in If-None-Match."
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/links": {
      "get": {
        "operationId": "GetLinks",
        "description": "An entity's links to its observability tools, grouped by tool, from its annotations, metadata.links and the configured templates. With incidentId, time-aware links (Grafana, Jaeger, templates with an incidentUrl) cover the incident's window: from the configured margin before its start to the margin after its resolution, or now.",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "required": true,
            "allowReserved": true,
            "schema": {
              "$ref": "#/components/schemas/EntityRef"
            }
          },
          {
            "name": "incidentId",
            "in": "query",
            "description": "The incident (42 or INC-42); it must exist and be readable by the caller.",
            "schema": {
              "type": "string",
              "pattern": "^(INC-)?[0-9]{1,15}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The links.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "entityRef": {
                      "type": "string"
                    },
                    "window": {
                      "type": "object",
                      "properties": {
                        "from": {
                          "type": "string",
                          "format": "date-time"
                        },
                        "to": {
                          "type": "string",
                          "format": "date-time"
                        }
                      },
                      "required": [
                        "from",
                        "to"
                      ],
                      "additionalProperties": false
                    },
                    "groups": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/LinkGroup"
                      }
                    }
                  },
                  "required": [
                    "entityRef",
                    "groups"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/status": {
      "get": {
        "operationId": "GetStatus",
        "description": "Live state of an entity's tools where configured: Grafana dashboards matching its selector and alert rules firing for its label selector, Jaeger traces with errors in the lookback, status-page components. Each source has its own timeout and cache; a failing source is reported as stale or unavailable, never as an error of the whole request.",
        "parameters": [
          {
            "name": "entityRef",
            "in": "query",
            "required": true,
            "allowReserved": true,
            "schema": {
              "$ref": "#/components/schemas/EntityRef"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One entry per configured source.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "entityRef": {
                      "type": "string"
                    },
                    "sources": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/StatusSource"
                      }
                    }
                  },
                  "required": [
                    "entityRef",
                    "sources"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/postmortem": {
      "get": {
        "operationId": "GetPostmortem",
        "description": "The incident's post-mortem. Before anyone saved it, exists is false and the sections are the runbook's template: the summary and the timeline prefilled from the incident, each with its questions.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The post-mortem.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "put": {
        "operationId": "SavePostmortem",
        "description": "Creates the post-mortem or writes sections and moves its status (draft → in_review → published, back to draft). An existing post-mortem requires If-Match (428 without, 412 when stale); creating takes none or \"0\". Publishing requires the summary and the root cause analysis.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          },
          {
            "name": "If-Match",
            "in": "header",
            "schema": {
              "type": "string",
              "maxLength": 100
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "sections": {
                    "type": "object",
                    "properties": {
                      "summary": {
                        "type": "string",
                        "maxLength": 100000
                      },
                      "timeline": {
                        "type": "string",
                        "maxLength": 100000
                      },
                      "rootCause": {
                        "type": "string",
                        "maxLength": 100000
                      },
                      "responseEvaluation": {
                        "type": "string",
                        "maxLength": 100000
                      }
                    },
                    "additionalProperties": false
                  },
                  "status": {
                    "$ref": "#/components/schemas/PostmortemStatus"
                  }
                },
                "additionalProperties": false
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The saved post-mortem.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Postmortem"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "412": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "428": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/postmortem/revisions": {
      "get": {
        "operationId": "ListPostmortemRevisions",
        "description": "Who wrote what in the post-mortem and when, oldest first (append-only).",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "responses": {
          "200": {
            "description": "The revisions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "version": {
                            "type": "integer"
                          },
                          "sectionId": {
                            "$ref": "#/components/schemas/PostmortemSectionId"
                          },
                          "markdown": {
                            "type": "string"
                          },
                          "status": {
                            "$ref": "#/components/schemas/PostmortemStatus"
                          },
                          "author": {
                            "type": "string"
                          },
                          "createdAt": {
                            "type": "string",
                            "format": "date-time"
                          }
                        },
                        "required": [
                          "version",
                          "author",
                          "createdAt"
                        ],
                        "additionalProperties": false
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/postmortems": {
      "get": {
        "operationId": "ListPostmortems",
        "description": "Post-mortems of the entities' incidents (all readable incidents without entityRef), including missing ones (required, resolved, none written); overdue first, then newest incident first; at most 500.",
        "parameters": [
          {
            "$ref": "#/components/parameters/entityRefQuery"
          },
          {
            "name": "status",
            "in": "query",
            "style": "form",
            "explode": true,
            "schema": {
              "type": "array",
              "maxItems": 4,
              "items": {
                "type": "string",
                "enum": [
                  "draft",
                  "in_review",
                  "published",
                  "missing"
                ]
              }
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "description": "true for overdue ones only, false for the others.",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The post-mortems.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/PostmortemSummary"
                      }
                    }
                  },
                  "required": [
                    "items"
                  ],
                  "additionalProperties": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/incidents/{id}/action-items": {
      "get": {
        "operationId": "ListIncidentActionItems",
        "description": "The incident's action items, overdue first, then by due date.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          },
          {
            "name": "status",
            "in": "query",
            "description": "Only items in these statuses. Repeatable.",
            "style": "form",
            "explode": true,
            "schema": {
              "type": "array",
              "maxItems": 10,
              "items": {
                "$ref": "#/components/schemas/ActionItemStatus"
              }
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "description": "true for overdue ones only, false for the others.",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The action items.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItemList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "post": {
        "operationId": "CreateActionItem",
        "description": "Adds an action item to the incident; the owner must be a user or group of the catalog.",
        "parameters": [
          {
            "$ref": "#/components/parameters/incidentId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "kind": {
                    "$ref": "#/components/schemas/ActionItemKind"
                  },
                  "owner": {
                    "$ref": "#/components/schemas/ActionItemOwner"
                  },
                  "dueDate": {
                    "type": "string",
                    "format": "date",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                  },
                  "ticketUrl": {
                    "type": "string",
                    "maxLength": 2000,
                    "description": "Link to the external ticket, http or https."
                  }
                },
                "required": [
                  "title",
                  "kind"
                ],
                "additionalProperties": false
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The action item.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItem"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/action-items": {
      "get": {
        "operationId": "ListActionItems",
        "description": "Action items of the entities' incidents (a System or Group rolls up) and/or of an owner: a user's own and their groups' (memberOf), a group's own. Overdue first, then by due date, then by id; at most 500.",
        "parameters": [
          {
            "$ref": "#/components/parameters/entityRefQuery"
          },
          {
            "name": "owner",
            "in": "query",
            "allowReserved": true,
            "schema": {
              "$ref": "#/components/schemas/ActionItemOwner"
            }
          },
          {
            "name": "status",
            "in": "query",
            "description": "Only items in these statuses. Repeatable.",
            "style": "form",
            "explode": true,
            "schema": {
              "type": "array",
              "maxItems": 10,
              "items": {
                "$ref": "#/components/schemas/ActionItemStatus"
              }
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "description": "true for overdue ones only, false for the others.",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The action items.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItemList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/action-items/{id}": {
      "patch": {
        "operationId": "UpdateActionItem",
        "description": "Changes an action item; requires If-Match with its ETag (428 without, 412 when stale). null clears owner, dueDate or ticketUrl.",
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,15}$"
            }
          },
          {
            "name": "If-Match",
            "in": "header",
            "schema": {
              "type": "string",
              "maxLength": 100
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "minProperties": 1,
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200
                  },
                  "kind": {
                    "$ref": "#/components/schemas/ActionItemKind"
                  },
                  "status": {
                    "$ref": "#/components/schemas/ActionItemStatus"
                  },
                  "owner": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/ActionItemOwner"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "dueDate": {
                    "oneOf": [
                      {
                        "type": "string",
                        "format": "date",
                        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "ticketUrl": {
                    "oneOf": [
                      {
                        "type": "string",
                        "maxLength": 2000
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                },
                "additionalProperties": false
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The changed action item.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionItem"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "412": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "428": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/trends": {
      "get": {
        "operationId": "GetTrends",
        "description": "The monthly trend review over the last calendar months (UTC): incidents per month and severity, MTTA and MTTR per month, team and system, the most affected entities, post-mortem completion and action items.",
        "parameters": [
          {
            "$ref": "#/components/parameters/entityRefQuery"
          },
          {
            "name": "months",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 24,
              "default": 12
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The trends.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Trends"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "default": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    }
  }
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
