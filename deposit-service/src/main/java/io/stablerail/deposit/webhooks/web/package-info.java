/** HTTP adapter of provider webhooks: {@code POST /webhooks/providers/{provider}} over the raw body. */
package io.stablerail.deposit.webhooks.web;
