/** Ops HTTP endpoints over the dead-letter topics ({@code /internal/v1/ops/dead-letters}). */
package io.stablerail.messaging.deadletter.web;
