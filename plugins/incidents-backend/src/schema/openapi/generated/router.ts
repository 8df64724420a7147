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
              "note"
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
                "type": "string",
                "maxLength": 32
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
        "description": "Adds a note, acknowledges, or changes the status with a message.",
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
    }
  }
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
