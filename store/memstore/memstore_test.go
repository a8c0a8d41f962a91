package memstore_test

import (
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
	"github.com/incidentkit/incidentkit/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Run("real clock", func(t *testing.T) {
		storetest.Run(t, func(*testing.T) store.Store { return memstore.New(nil) })
	})
	t.Run("fixed clock", func(t *testing.T) {
		at := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
		storetest.Run(t, func(*testing.T) store.Store {
			return memstore.New(&memstore.Options{Now: func() time.Time { return at }})
		})
	})
}
