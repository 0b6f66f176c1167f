package webhooks

import (
	"context"
	"iter"
	"net/http"
	"strings"

	"github.com/pipedrive-go/pipedrive/crm"
	"github.com/pipedrive-go/pipedrive/internal/apicall"
	"github.com/pipedrive-go/pipedrive/internal/ops"
	"github.com/pipedrive-go/pipedrive/internal/sdkerr"
)

// Service manages webhook subscriptions (/v1/webhooks; OAuth apps need the
// admin scope). Reach it as client.Webhooks.
//
// Its calls skip the rate limiter's admission: they never wait for a slot
// of the rolling window and are never refused by the local daily budgets.
// Their responses are still reported to the limiter, and a 429 from the
// server is still retried after the server's reset. See the package
// documentation for why.
//
// The root package's NewClient builds it; a Service declared otherwise has
// no client, and its calls fail.
type Service apicall.Handle

// c returns the Doer the service sends its calls through.
func (s *Service) c() apicall.Doer { return (*apicall.Handle)(s).Doer() }

// List iterates over the company's webhook subscriptions. The API returns
// them all in one response (it does not page them: a user has at most
// MaxWebhooksPerUser), so the iterator makes one request when iteration
// starts and yields that page; an error is yielded once, as the last pair.
func (s *Service) List(ctx context.Context) iter.Seq2[*Webhook, error] {
	return func(yield func(*Webhook, error) bool) {
		page, err := s.ListPage(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		for i := range page.Items {
			if !yield(&page.Items[i], nil) {
				return
			}
		}
	}
}

// ListPage returns the company's webhook subscriptions as one page, the
// only one: its More is false.
func (s *Service) ListPage(ctx context.Context) (*crm.Page[Webhook], error) {
	var out []Webhook
	if _, err := s.c().Do(ctx, &apicall.Request{Op: ops.V1GetWebhooks, SkipAdmission: true}, &out); err != nil {
		return nil, err
	}
	return &crm.Page[Webhook]{Items: out}, nil
}

// Create subscribes p.SubscriptionURL to the events p selects, with
// delivery format Version2 unless p says otherwise. Invalid params fail
// with ErrInvalidParams before anything is sent. When the user already has
// MaxWebhooksPerUser subscriptions the error matches ErrWebhookLimit (and
// is also a *pipedrive.Error with status 422).
func (s *Service) Create(ctx context.Context, p *CreateParams) (*Webhook, error) {
	body, err := p.validate()
	if err != nil {
		return nil, err
	}
	out := new(Webhook)
	status, err := s.c().Do(ctx, &apicall.Request{Op: ops.V1AddWebhook, Body: body, SkipAdmission: true}, out)
	if err != nil {
		// Should the server echo the password, keep it out of the text.
		err = redactError(err, body.HTTPAuthPassword)
		if status == http.StatusUnprocessableEntity {
			return nil, sdkerr.Errorf("%w: %w", err, ErrWebhookLimit)
		}
		return nil, err
	}
	return out, nil
}

// redactedError is err with a secret replaced in its text; errors.Is and
// errors.As still see err.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redactError(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), secret, redacted), err: err}
}

// Delete removes the subscription id. An unknown id fails with an error
// matching pipedrive.ErrNotFound.
func (s *Service) Delete(ctx context.Context, id int64) error {
	_, err := s.c().Do(ctx, &apicall.Request{Op: ops.V1DeleteWebhook, PathArgs: []any{id}, SkipAdmission: true}, nil)
	return err
}
