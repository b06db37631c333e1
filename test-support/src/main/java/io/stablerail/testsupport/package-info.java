/**
 * Embedded real infrastructure — PostgreSQL 17 and an in-process Kafka KRaft broker — for tests (a JUnit 5
 * extension giving each test class a fresh schema and topic prefix), the local stack and benchmarks.
 */
package io.stablerail.testsupport;
