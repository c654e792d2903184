# English. Every notification's words live here; templates hold only the layout.
# Variables: $shop $name $number $total $amount $remaining $refunded $received $due $by $eta $since
# $carrier $place $items $count $options $default $reason $stage $actor $alert $problem $next $link $method $missing $problems $phone

## Formats
number-decimal = .
number-group = ,
date = { $day } { $month } { $year }
datetime = { $day } { $month } { $year }, { $time } { $zone }
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## Shared pieces
hello = Hello { $name },
items-subtotal = Subtotal
items-shipping = Shipping ({ $method })
items-tax = Tax
items-total = Total
address-delivered-to = It will be delivered to:
address-ship-to = Ship to ({ $method }):
address-collect = Collect in store ({ $method })
customer-heading = Customer
customer-note = The customer's note
hello-anonymous = Hello,
customer-no-name = (no name given)
contact-unusable = as given, cannot be used
items-discount = Discount
address-none = No delivery needed
status-link = See your order's progress
tracking-link = Track your parcel
pay-link = Pay now

## Order received (customer) and new order (owner)
order_received-subject = We have your order { $number }
order_received-body = Thank you for your order { $number }. We have received it and will let you know as soon as it moves on.
order_received-pickup = You chose to collect it in store; we will tell you when it is ready.
order_received-address = To send it, we still need your full delivery address (name, street, postcode, town and country). Please reply to this email with it.
order_received-phone = The phone number you gave ({ $phone }) does not look right: please reply with a number the courier can reach you on.
order_received-sms = { $missing ->
    [address] { $shop }: address needed for { $number }: { $link }
   *[none] { $shop }: order { $number } received. { $link }
}
new_order-subject = New order { $number } ({ $count ->
    [one] 1 item
   *[other] { $count } items
}, { $total })
new_order-body = New order { $number } from { $name }.
new_order-sms = { $shop }: new order { $number } ({ $total })
## Payments
payment_received-subject = Payment received for order { $number }
payment_received-body = We have received your payment of { $amount } for order { $number }.
payment_received-more = { $full ->
    [yes] Your order is paid in full. We will let you know as soon as it is on its way.
   *[no] { $remaining } of the { $total } total is still to be paid.
}
payment_received-sms = { $shop }: { $full ->
    [yes] order { $number } is paid, thank you.
   *[no] { $amount } received, { $remaining } to pay.
}
payment_failed-subject = Your payment for order { $number } did not go through
payment_failed-body = Your payment of { $total } for order { $number } did not go through, and nothing was charged.
payment_failed-more = Please try again with another card or payment method, or reply to this email and we will help.
payment_failed-due = We keep your order until { $due }.
payment_failed-sms = { $shop }: payment for { $number } failed. { $link }
payment_reminder-subject = Order { $number } is waiting for payment
payment_reminder-body = Your order { $number } ({ $total }) is still waiting for payment.
payment_reminder-more = Please pay by { $due }; after that the order is cancelled automatically.
payment_reminder-sms = { $shop }: please pay { $number } by { $due_date } or it will be cancelled.
refunded-subject = Refund of { $amount } for order { $number }
refunded-body = We have refunded { $amount } for order { $number }. It can take a few days to show on your statement.
refunded-more = Refunded so far: { $refunded }.
refunded-sms = { $shop }: { $amount } refunded for { $number }. { $link }
payment_alert-subject = Order { $number } needs you: { $alert }
payment_alert-body = Order { $number } ({ $name }) needs you: { $alert }.
payment_alert-more = Order total { $total } · received { $received } · this payment { $amount }
payment_alert-sms = { $shop }: { $number } needs you (payment).
alert-cancelled = a payment arrived after the order was cancelled; refund it or restore the order
alert-overpaid = more than the order total was paid; the order is on hold
alert-currency = the payment is in another currency; the order is on hold
alert-partial = only part of the total has been paid
alert-check = check the payment

## Cancellation
order_cancelled-subject = Order { $number } cancelled
order_cancelled-body = Your order { $number } has been cancelled: { $reason }.
order_cancelled-more = If this is a surprise, reply to this email and we will sort it out.
order_cancelled-owner = Order { $number } ({ $name }, { $total }) was cancelled: { $reason }. Stage: { $stage }; by { $actor }.
order_cancelled-sms = { $shop }: order { $number } cancelled. { $link }
cancel-reason-payment_timeout = the payment did not arrive in time
cancel-reason-customer = at your request
cancel-reason-out_of_stock = the items are out of stock
cancel-reason-fraud = the payment could not be verified
cancel-reason-shop = the shop could not fulfil it

## Fulfilment
order_confirmed-subject = Order { $number } is confirmed
order_confirmed-body = Good news: we have confirmed your order { $number } and are getting it ready.
order_confirmed-pay = Please pay { $remaining } by { $due }, quoting { $number }.
order_confirmed-sms = { $shop }: order { $number } confirmed. { $link }
being_assembled-subject = Order { $number } is being assembled
being_assembled-body = Your order { $number } is being assembled. We will tell you as soon as it is on its way.
being_assembled-sms = { $shop }: order { $number } is being packed. { $link }
out_of_stock-subject = Part of order { $number } is out of stock: your choice
out_of_stock-body = We are sorry: { $items } from your order { $number } { $count ->
    [one] is
   *[other] are
} out of stock.
out_of_stock-more = You can choose: { $options }. Choose on your order's page (the link below), or answer this message, by { $by }; otherwise we will { $default }.{ $expected ->
    [none] {""}
   *[other] {" "}New stock is expected on { $expected }.
}
out_of_stock-sms = { $shop }: { $number } out of stock, choose: { $link }
stock-option-substitute = a substitute
stock-option-wait = waiting for new stock
stock-option-cancel_missing = sending the rest without them
stock-option-cancel = cancelling the order
stock-default-substitute = send a substitute
stock-default-wait = wait for new stock
stock-default-cancel_missing = send the rest of your order without them
stock-default-cancel = cancel the order
shipped-subject = Order { $number } is on its way
shipped-body = Your order { $number } is on its way with { $carrier }{ $tracking ->
        [none] .
       *[other] , tracking number { $tracking }.
    }
shipped-more = Expected delivery: { $eta }.
shipped-sms = { $shop }: order { $number } is on its way{ $tracking ->
        [none] {""}
       *[other] {" "}({ $tracking })
    }. { $link }
out_for_delivery-subject = Order { $number } is out for delivery
out_for_delivery-body = Your order { $number } is out for delivery today.
out_for_delivery-sms = { $shop }: order { $number } arrives today. { $link }
available_for_pickup-subject = Order { $number } is ready to collect
available_for_pickup-body = Your order { $number } is ready to collect at { $place }.
available_for_pickup-sms = { $shop }: order { $number } is ready to collect at { $place }. { $code ->
    [none] {""}
   *[other] Code: { $code }
}
pickup-point = the pickup point
delivery_exception-subject = A delivery problem with order { $number }
delivery_exception-body = There is a problem with the delivery of order { $number }: { $problem }.
delivery_exception-more = { $next }
delivery_exception-sms = { $shop }: delivery problem, { $number }: { $link }
exception-failed_attempt = the carrier could not deliver it
exception-failed_attempt-next = They will try again or leave a notice.
exception-delayed = it is delayed in transit
exception-delayed-next = It is still on its way; we will tell you when it is out for delivery.
exception-lost = the carrier has lost track of it
exception-lost-next = We are looking into it with the carrier and will contact you.
exception-returning_to_sender = it is being returned to us
exception-returning_to_sender-next = We will contact you about sending it again or a refund.
exception-other = the carrier reported a problem
exception-other-next = We are looking into it and will keep you posted.
delivery_delayed-subject = Order { $number } is delayed
delivery_delayed-body = Your order { $number } will arrive later than we promised: the carrier now expects { $eta }. We are sorry for the wait.
delivery_delayed-sms = { $shop }: { $number } is delayed, now expected { $eta }.
delivered-subject = Order { $number } has been delivered
delivered-body = Your order { $number } has been delivered. Enjoy it!
delivered-sms = { $shop }: order { $number } delivered. Enjoy!
follow_up-subject = Did order { $number } arrive in good condition?
follow_up-body = Did your order { $number } arrive in good condition? Tell us on your order's page, where you can also send items back: { $link }
follow_up-sms = { $shop }: did { $number } arrive well? { $link }
shipment_stuck-subject = Order { $number } has had no carrier update
shipment_stuck-body = Order { $number } ({ $name }) has had no carrier update since { $since }.
shipment_stuck-sms = { $shop }: no carrier update for { $number } since { $since }.


## Orders that need the shop, and details the shop confirmed
needs_attention-subject = Order { $number } needs attention: { $problems ->
    [one] 1 thing
   *[other] { $problems } things
} to fix
needs_attention-body = Order { $number } from { $name } is recorded, but it needs you before it can go on.
needs_attention-told = The customer has been told we have their order.
needs_attention-asked = The customer has been told we have their order and asked for their delivery address.
needs_attention-unreachable = The customer gave no email address or phone number we can use, so nobody has told them anything.
needs_attention-fix = Add what is missing with the back office's update action, or confirm the order as it is.
needs_attention-heading = What to fix
needs_attention-sms = { $shop }: order { $number } needs attention.
problem-no_contact = no email address or phone number that can be used
problem-no_recipient = nobody's name on the delivery address
problem-no_address = no delivery address
problem-no_street = the address has no street
problem-no_city = the address has no town
problem-bad_country = no country, or not a two-letter country code
problem-no_shipping_method = no delivery method chosen
problem-no_payment_method = no payment method chosen
problem-no_items = the order has no items
problem-bad_item = an item without a name, a quantity or a price
details_confirmed-subject = The details of order { $number } are confirmed
details_confirmed-body = We have confirmed the delivery details of your order { $number } ({ $method }). We will let you know as soon as it moves on.
details_confirmed-sms = { $shop }: order { $number } details confirmed. { $link }
customer_unreachable-subject = We could not reach the customer of order { $number }
customer_unreachable-body = A message to { $name } about order { $number } could not be delivered on any channel they gave. Please get in touch with them another way; the order's timeline says which message failed and why.
customer_unreachable-sms = { $shop }: could not reach the customer of order { $number }.
stock_decided-subject = About the missing items in order { $number }
stock_decided-body = { $choice ->
    [substitute] We will send a replacement for { $items }, and your order { $number } goes on.
    [cancel_missing] We will send your order { $number } without { $items }: they are taken off it, { $amount } less{ $paid ->
        [yes] , which we will refund.
       *[no] .
    }
   *[wait] We will wait for { $items } and send your order { $number } as soon as they are back{ $expected ->
        [none] .
       *[other] , expected on { $expected }.
    }
}
stock_decided-sms = { $shop }: { $number } { $choice ->
    [substitute] gets a substitute.
    [cancel_missing] goes on without the missing items.
   *[wait] waits for stock.
} { $link }
stock_answered-subject = Order { $number }: the customer answered about missing items
stock_answered-body = { $name } answered the question about { $items } in order { $number }: { $choice ->
    [substitute] send a replacement.
    [cancel] cancel the order (it is cancelled).
    [cancel_missing] send the rest; the missing items are taken off the order ({ $amount }).
   *[wait] wait for the items.
}
stock_answered-sms = { $shop }: order { $number }, the customer chose { $choice }.
payment_failed-owner-subject = A payment for order { $number } failed
payment_failed-owner = A payment of { $total } for order { $number } ({ $name }) did not go through. The customer has been told how to pay.
processing_late-subject = Order { $number } is still waiting to be sent
processing_late-body = Order { $number } from { $name } has not been packed or shipped yet.
processing_late-sms = { $shop }: order { $number } is still waiting to be sent.
parcel_lost-subject = The parcel of order { $number } needs you
parcel_lost-body = The parcel of order { $number } ({ $name }, { $carrier }): { $problem }. Send it again or refund the customer; they have been told.
parcel_lost-sms = { $shop }: parcel of { $number }: { $problem }.
pickup-hours = Opening hours
pickup-code = Your pickup code
pickup_reminder-subject = Order { $number } is waiting for you
pickup_reminder-body = Your order { $number } is still waiting to be collected at { $place }.
pickup_reminder-sms = { $shop }: { $number } is waiting for you at { $place }. { $code ->
    [none] {""}
   *[other] Code: { $code }
}
pickup_expired-subject = Order { $number } was not collected
pickup_expired-body = Order { $number } ({ $name }) was ready to collect at { $place } and nobody came for it. Contact the customer, or take it back.
pickup_expired-sms = { $shop }: { $number } was not collected at { $place }.
could_not_reach-subject = We tried to call you about order { $number }
could_not_reach-body = We tried to call you about your order { $number } and could not reach you. { $next_call ->
    [none] We will try again soon.
   *[other] We will call again on { $next_call }.
} You can also reply to this message.
could_not_reach-sms = { $shop }: we could not reach you about { $number }. { $next_call ->
    [none] We will call again soon.
   *[other] We will call again { $next_call }.
}

capture_failed-subject = Order { $number }: the payment could not be captured
capture_failed-body = The payment held for order { $number } ({ $name }, { $total }) could not be captured through { $provider }: { $failure }. The order has not been shipped. Ask the customer for another payment and ship again, or ship it unpaid on your own decision.
capture_failed-sms = { $shop }: payment for { $number } not captured ({ $provider }).
hold_not_released-subject = Order { $number }: release the money held for it
hold_not_released-body = Order { $number } ({ $name }) is cancelled, but the { $amount } held for it could not be released through { $provider }: { $failure }. Release it in the { $provider } dashboard, so the customer's money is not held until the hold lapses; if it was captured, refund it.
hold_not_released-sms = { $shop }: release the money held for cancelled { $number } ({ $provider }).

refund_due-subject = Order { $number }: refund { $amount }
refund_due-body = { $items } came off order { $number } ({ $name }) after { $received } had been paid; the order now comes to { $total }. Refund { $amount } to the customer, in the payment provider's dashboard or as they paid.
refund_due-sms = { $shop }: refund { $amount } on { $number }.

arrival_problem-subject = Order { $number } did not arrive in good condition
arrival_problem-body = The customer of order { $number } ({ $name }) says it did not arrive in good condition. Get in touch with them.
arrival_problem-sms = { $shop }: { $number } arrived in bad condition, says the customer.
return_requested-subject = Your return request for order { $number }
return_requested-body = We have your request to return { $return_items } from order { $number } ({ $return_reason }). We will tell you how to send it back.
return_requested-sms = { $shop }: return asked for { $number }. { $link }
return_requested-owner = The customer of order { $number } ({ $name }) asks to return { $return_items }: { $return_reason }, { $amount }. Approve or refuse it in the back office (return { $return_number }).
return_requested-owner-subject = Order { $number }: a return to decide
return_approved-subject = Your return for order { $number } is accepted
return_approved-body = You can send back { $return_items } from order { $number }. { $instructions ->
    [none] We will be in touch about how.
   *[other] { $instructions }
} Once it reaches us, we refund { $amount }.
return_approved-sms = { $shop }: return for { $number } accepted. { $link }
return_rejected-subject = About your return for order { $number }
return_rejected-body = We cannot take back { $return_items } from order { $number }: { $refusal }
return_rejected-sms = { $shop }: return for { $number } refused. { $link }
return_received-subject = We received your return for order { $number }
return_received-body = Your return of { $return_items } from order { $number } has arrived. We refund { $amount } now.
return_received-sms = { $shop }: return for { $number } received, refund on its way.
return-reason-changed_mind = I changed my mind
return-reason-wrong_item = Wrong item
return-reason-damaged = Damaged
return-reason-not_as_described = Not as described
return-reason-other = Something else
complaint_opened-subject = We have your message about order { $number }
complaint_opened-body = We have your report about order { $number } ({ $complaint_kind }). We will look into it and tell you what we do.
complaint_opened-sms = { $shop }: we have your report on { $number }. { $link }
complaint_opened-owner = The customer of order { $number } ({ $name }) reports a problem: { $complaint_kind }. Settle it in the back office (complaint { $complaint_number }).
complaint_opened-owner-subject = Order { $number }: a complaint to settle
complaint_resolved-subject = About your report on order { $number }
complaint_resolved-body = Your report on order { $number }: { $resolution ->
    [repair] We will repair it.
    [replacement] { $replacement ->
        [none] We will send you a replacement.
       *[other] We have sent you a replacement: { $replacement }.
    }
    [refund] We will refund you.
   *[rejected] We cannot accept this report.
} { $resolution_note }
complaint_resolved-sms = { $shop }: report on { $number } settled. { $link }
complaint-kind-damaged = Damaged
complaint-kind-missing_item = An item is missing
complaint-kind-wrong_item = Wrong item
complaint-kind-defect = It stopped working (warranty)
replacement_delivered-subject = Your replacement for order { $number } has arrived
replacement_delivered-body = The replacement we sent for order { $number } has been delivered. We hope all is well now.
replacement_delivered-sms = { $shop }: replacement for { $number } delivered.
digest-subject = Returns and complaints, week before { $week }
digest-intro = What the week before { $week } brought:
digest-returns = { $count } { $count ->
    [one] return
   *[other] returns
}: { $reason }
digest-complaints = { $count } { $count ->
    [one] complaint
   *[other] complaints
}: { $kind }
## Status page
page-title = Order { $number }
page-parcel = Your parcel
page-carrier = Carrier: { $carrier }
page-tracking-number = Tracking number: { $tracking }
page-eta = Expected delivery: { $eta }
page-collect = Collect it at: { $place }
page-follow = Follow your parcel on the carrier's site
page-history = What has happened
page-items = Items
page-total = Total: { $total }
page-needs-address = We still need your full delivery address to send this order. Please reply to our message or contact { $shop }.
page-stock-question = Some items are out of stock: { $items }. What would you like us to do?
page-stock-deadline = Without an answer by { $by }, we will { $default }.
page-stock-expected = New stock is expected on { $expected }.
page-arrival-question = Did your order arrive in good condition?
page-arrival-yes = Yes, all is well
page-arrival-no = No, something is wrong
page-arrival-what = What is wrong? (optional)
page-arrival-thanks = Thank you for telling us.
page-arrival-sorry = We are sorry: we will get in touch to put it right.
page-review = Leave a review
page-return-title = Send items back
page-return-until = You can ask for a return until { $until }.
page-return-reason = Why?
page-return-send = Ask for a return
page-complaint-title = Report a problem
page-complaint-what = What is wrong?
page-complaint-send = Send
page-complaint-state = Report { $number }: { $state ->
    [open] we are looking into it
    [repair] to be repaired
    [replacement] a replacement is coming
    [refund] refunded
   *[rejected] not accepted
}
page-return-closed = The return window closed on { $until }.
page-returns = Your returns
page-return-state = Return { $number }: { $state ->
    [requested] we have your request
    [approved] accepted
    [rejected] refused
    [received] received, refund on its way
   *[refunded] refunded
}
timeline-received = Order received
timeline-paid = Payment received
timeline-payment-failed = Payment did not go through
timeline-refunded = Refund issued
timeline-reminder = Payment reminder sent
timeline-paid-on-delivery = Paid on delivery
timeline-cancelled = Order cancelled
timeline-confirmed = Order confirmed
timeline-packing = Being assembled
timeline-on-hold = On hold
timeline-shipped = Handed to the carrier
timeline-in-transit = In transit
timeline-out-for-delivery = Out for delivery
timeline-pickup = Ready to collect
timeline-failed-attempt = Delivery attempt failed
timeline-delayed = Delayed in transit
timeline-problem = Delivery problem
timeline-delivered = Delivered
timeline-completed = Completed

## Back-office pages
staff-actions = Actions
staff-bill-to = Bill to
staff-by-status = Orders by status
staff-carrier = Carrier
staff-cause = Reason
staff-customer = Customer
staff-deliver-to = Deliver to
staff-discount = Discount
staff-find = Find
staff-find-number = Order number, email or phone
staff-history = History
staff-invoice = Invoice
staff-item = Item
staff-items = Items
staff-line-total = Amount
staff-message-failed = not delivered
staff-message-sent = sent { $at }
staff-message-waiting = waiting
staff-messages = Messages
staff-missing-items = Missing items (one per line, as SKU or name)
staff-more = More
staff-next = Next
staff-no-actions = Nothing to do in this status.
staff-no-such-number = No order numbered { $number }.
staff-none = No orders here.
staff-not-found = No such order.
staff-note = Note
staff-order = Order
staff-order-title = Order { $number }
staff-orders = Orders
staff-packing-slip = Packing slip
staff-paused = Too many wrong tokens from here or for this account: try again in 15 minutes.
staff-payment = Payment
staff-placed = Placed
staff-price = Price
staff-quantity = Qty
staff-refused = Not accepted: open the page again and try once more.
staff-ship-unpaid = Ship although it is not paid
staff-shipping = Shipping
staff-sign-in = Sign in
staff-sign-out = Sign out
staff-sign-out-everywhere = Sign out everywhere
staff-no-session-key = Sign-in is not set up: the shop's SESSION_KEY is missing.
staff-role-needed = This needs the { $role } role.
staff-sessions-ended = Every session of { $account } has ended.
staff-audit = Audit trail
staff-audit-day = Day
staff-audit-show = Show
staff-audit-none = Nothing recorded that day.
staff-audit-when = When
staff-audit-who = Who
staff-audit-what = What
staff-audit-subject = About
staff-audit-outcome = Outcome
staff-erase = Erase this customer's personal data
staff-erase-about = Their name, email, phone, addresses and notes are removed from every one of their orders; amounts, items, ids and dates stay for the accounts. This cannot be undone.
staff-erase-confirm = Type erase to confirm
staff-erase-unconfirmed = Nothing erased: type erase in the box to confirm.
staff-sku = SKU
staff-subtotal = Subtotal
staff-tax = Tax
staff-tax-id = Tax ID { $id }
staff-tax-rate = Tax rate
staff-prices-include-tax = Prices include tax.
staff-account = Your name (account)
staff-token = Your staff token
staff-total = Total
staff-tracking = Follow the parcel
staff-tracking-number = Tracking number
staff-tracking-url = Tracking link (optional)
staff-wrong-token = That name and token do not match an account.
staff-status-received = Received
staff-status-confirmed = Confirmed
staff-status-packing = Packing
staff-status-on_hold = On hold
staff-status-shipped = Shipped
staff-status-in_transit = In transit
staff-status-out_for_delivery = Out for delivery
staff-status-available_for_pickup = Ready to collect
staff-status-delivery_exception = Delivery problem
staff-status-delivered = Delivered
staff-status-returned = Returned
staff-status-cancelled = Cancelled
staff-status-archived = Archived
staff-payment-unpaid = unpaid
staff-payment-authorized = authorised
staff-payment-paid = paid
staff-payment-partially_paid = partly paid
staff-payment-refunded = refunded
staff-payment-partially_refunded = partly refunded
staff-payment-failed = failed
staff-method-prepaid = prepaid
staff-method-invoice = invoice
staff-method-cash_on_delivery = cash on delivery
staff-cause-customer = The customer asked
staff-cause-out_of_stock = Out of stock
staff-cause-fraud = Fraud
staff-cause-shop = The shop's decision
staff-do-confirm = Confirm
staff-do-pack = Start packing
staff-do-ship = Ship
staff-do-out-of-stock = Report missing items
staff-do-deliver = Mark delivered
staff-do-cancel = Cancel the order
staff-do-ready-for-pickup = Ready to collect
staff-do-stock-choice = Record the customer's choice
staff-do-call = Record a call
staff-do-refund = Record a refund
staff-do-update-contact = Correct the contact
staff-do-update-address = Correct the delivery address
staff-do-update-billing = Correct the billing address
staff-name = Name
staff-email = Email
staff-phone = Phone
staff-recipient = Recipient
staff-company = Company
staff-street = Street and number
staff-street-more = Flat, building (optional)
staff-postal-code = Postal code
staff-city = Town or city
staff-region = Region or state
staff-country = Country (two-letter code, e.g. GB)
staff-to-fix = Needs attention
staff-to-fix-how = Correct the details below; or confirm the order to go on with it as it is.
staff-pickup-place = Where to collect it
staff-pickup-hours = Opening hours (optional)
staff-pickup-code = Collection code (optional)
staff-pickup-unpaid = Make ready although it is not paid
staff-offer = Choices for the customer
staff-default-choice = If the customer does not answer
staff-expected-on = Back in stock on (optional)
staff-answer-within = Hours to answer
staff-stock-choice = The customer chose
staff-call-outcome = The call
staff-call-reached = Reached the customer
staff-call-no_answer = No answer
staff-call-wrong_number = Wrong number
staff-refund-amount = Amount refunded
staff-refund-note = How it was refunded (optional)
staff-next-received = Confirm
staff-next-confirmed = Pack
staff-next-packing = Ship
staff-next-on_hold = Needs you
staff-next-shipped = With the carrier
staff-next-in_transit = With the carrier
staff-next-out_for_delivery = Out for delivery
staff-next-available_for_pickup = Waiting to be collected
staff-next-delivery_exception = Delivery problem
staff-next-delivered = Done
staff-next-returned = Returned
staff-next-cancelled = Cancelled
staff-next-archived = Archived
staff-back-to-order = Back to the order
staff-prefers = Hears from the shop by { $channel }
staff-customer-note = Staff note about this customer
staff-save = Save
staff-their-orders = Their orders
staff-message-sent-short = sent
staff-no-contact = This order has no email or phone to know the customer by.
staff-nothing-found = Nothing found: check the number, email or phone.
staff-customer-card = Customer card
staff-hint-attention = Needs you: details missing
staff-hint-stock = Waiting for the customer's choice
staff-hint-payment-check = Check the payment
staff-hint-due = Payment due { $due }
staff-hint-stuck = No carrier news: check the parcel
staff-returns = Returns
staff-return-title = Return { $number }
staff-return-instructions = How to send it back (optional: else RETURN_INSTRUCTIONS)
staff-return-approve = Accept the return
staff-return-refusal = Why not
staff-return-reject = Refuse the return
staff-return-condition = Condition on arrival (optional)
staff-return-received = Mark received
staff-return-requested = asked for
staff-return-approved = accepted
staff-return-rejected = refused
staff-return-received-state = received
staff-return-refunded = refunded
staff-complaints = Complaints
staff-complaint-title = Complaint { $number }
staff-resolution = Settle by
staff-resolution-note = What to tell the customer (optional)
staff-resolve = Settle
staff-resolution-repair = repair
staff-resolution-replacement = replacement
staff-resolution-refund = refund
staff-resolution-rejected = rejected
staff-fault = At fault (optional)
staff-fault-customer = the customer
staff-fault-shop = the shop
staff-fault-carrier = the carrier
staff-cost = What it cost the shop (optional)
staff-replacement-carrier = Replacement's carrier (optional)
staff-replacement-tracking = Replacement's tracking number (optional)
staff-after-sales = Returns and complaints
staff-case-return-decide = Return { $number } to decide
staff-case-return-coming = Return { $number } on its way back
staff-case-return-refund = Return { $number } to refund
staff-case-complaint = Complaint { $number } to settle
event-order-received = Order received
event-needs-attention = Needs attention
event-attention-accepted = Accepted as it is
event-attention-resolved = Problems resolved
event-details-updated = Details updated
event-cancellation-note = Cancellation note
event-order-cancelled = Order cancelled
event-paid-on-delivery = Paid on delivery
event-stock-default-applied = No answer: default applied
event-payment-received = Payment received
event-payment-authorized = Payment held
event-capture-failed = Capture refused
event-hold-released = Held payment released
event-hold-not-released = Held payment not released
event-payment-repeated = Payment reported again
event-payment-reconciled = Payment counted once
event-payment-currency-mismatch = Payment in another currency
event-payment-failed = Payment failed
event-payment-refunded = Refunded
event-refund-ignored = Refund already counted
event-payment-reminder = Payment reminder sent
event-notification-failed = Message not delivered
event-notification-fallback = Sent on the other channel
event-notification-resent = Message sent again
event-shipped-unpaid = Handed over unpaid
event-stock-chosen = Choice about missing items
event-call-attempt = Call
event-items-removed = Items taken off the order
event-storefront-update = Changed in the storefront
event-storefront-ignored = Storefront change not applied
event-arrival-answered = Arrival answered
event-return-requested = Return requested
event-return-updated = Return updated
event-complaint-opened = Complaint
event-complaint-resolved = Complaint settled
event-replacement-tracked = Replacement tracked
event-refund-note = Refund note
notice-order-received = Order received
notice-new-order = New order
notice-payment-received = Payment received
notice-payment-failed = Payment failed
notice-payment-reminder = Payment reminder
notice-refunded = Refund
notice-order-cancelled = Order cancelled
notice-payment-alert = Payment to check
notice-order-confirmed = Order confirmed
notice-being-assembled = Being assembled
notice-out-of-stock = Missing items: the choice
notice-shipped = Shipped
notice-out-for-delivery = Out for delivery
notice-available-for-pickup = Ready to collect
notice-delivery-exception = Delivery problem
notice-delivery-delayed = Delivery delayed
notice-delivered = Delivered
notice-follow-up = Did it arrive well?
notice-shipment-stuck = No carrier news
notice-needs-attention = Order to check
notice-details-confirmed = Details confirmed
notice-customer-unreachable = Customer unreachable
notice-stock-decided = Missing items: decided
notice-stock-answered = The customer chose
notice-processing-late = Waiting too long
notice-parcel-lost = Parcel lost or returning
notice-pickup-reminder = Reminder to collect
notice-pickup-expired = Not collected
notice-could-not-reach = We could not reach you
notice-capture-failed = Capture refused
notice-hold-not-released = Release the held payment
notice-refund-due = Refund due
notice-arrival-problem = Arrived with a problem
notice-return-requested = Return requested
notice-return-approved = Return accepted
notice-return-rejected = Return refused
notice-return-received = Return received
notice-complaint-opened = Complaint received
notice-complaint-resolved = Complaint settled
notice-replacement-delivered = Replacement delivered
staff-to-customer = to the customer
staff-to-owner = to the shop
staff-channel-email = email
staff-channel-sms = SMS
staff-carrier-update = Carrier
staff-tick = Print
staff-print-ticked = Print the packing slips of the ticked orders
staff-none-ticked = Tick at least one order.
page-not-found-title = Order not found
page-not-found-text = We could not find this order. Please use the link from your latest message.
page-not-understood-title = Not understood
page-not-understood-text = Please use the choices on your order's page.
page-not-accepted-title = Not accepted
page-not-accepted-text = Please open your order's page again and answer there.
page-try-again-title = Please try again
page-try-again-text = Your answer could not be saved just now.
page-not-possible-title = Not possible
page-not-possible-text = This is no longer possible for your order; its page shows what you can still do.
page-stock-closed-text = The question about the missing items has been decided already.
refusal-answered-already = You have answered this already.
refusal-complaint-before-delivery = A problem can be reported once the order has been delivered.
refusal-warranty-ended = The warranty ended on { $until }.
refusal-nothing-said = Please say what is wrong.
refusal-return-before-delivery = Returns open once the order has been delivered.
refusal-return-window-closed = The return window closed on { $until }.
refusal-nothing-to-return = Please choose items and quantities that can still be returned.
refusal-too-many-open-complaints = You have { $count } problems reported on this order that the shop has not answered yet. Please wait for their answer.
refusal-too-many-complaints = No more problems can be reported on this order here. Please contact the shop.
refusal-too-many-returns = No more returns can be asked for on this order here. Please contact the shop.
staff-unmatched = Events for unknown orders
staff-unmatched-about = Payments and parcel updates that named no order this shop knows, after a day of the provider retrying: a payment or a parcel from outside orderflow, or an order that never arrived. Check them in the provider's dashboard.
staff-unmatched-none = None.
staff-unmatched-source = From
staff-unmatched-named = What it named
staff-unmatched-first = First seen
payment_overdue-subject = Order { $number }: your payment is overdue
payment_overdue-body = Your order { $number } ({ $total }) was sent to you before it was paid, and its payment is now overdue.
payment_overdue-more = Please pay as soon as you can. If you have paid already, reply to this email so that we can find it.
payment_overdue-sms = { $shop }: payment for { $number } is overdue. { $link }
payment_overdue-owner = Order { $number } ({ $name }, { $total }) was handed over unpaid on your word, and its payment deadline has passed. It is not cancelled: it stays on the orders list as unpaid until the money arrives. The customer has been reminded once.
payment_overdue-owner-subject = Order { $number }: handed over unpaid, payment overdue
staff-hint-unpaid = Handed over unpaid
staff-hint-overdue = Handed over unpaid: payment overdue
event-payment-overdue = Payment overdue (handed over unpaid)
notice-payment-overdue = Payment overdue
sent_again-subject = Order { $number }: we have sent it again
sent_again-body = The first parcel of your order { $number } did not reach you, so we have sent it again with { $carrier }, tracking number { $tracking }. You do not need to send anything back. We are sorry for the wait.
sent_again-sms = { $shop }: { $number } sent again ({ $tracking }). { $link }
delay_announced-subject = Order { $number } will be later
delay_announced-body = Your order { $number } will be later than we said: we now expect it to reach you by { $until }. We are sorry for the wait.
delay_announced-sms = { $shop }: { $number } is late, now by { $until }. { $link }
notice-sent-again = Sent again
notice-delay-announced = Delay announced
event-payment-recorded = Payment recorded by staff
event-cash-collected = Courier's cash collection recorded
event-sent-again = Sent again
event-earlier-parcel = News of the earlier parcel
event-delay-announced = Delay announced
staff-do-payment-received = Record a payment received
staff-do-send-again = Send again
staff-do-delay = Announce a delay
staff-do-update-method = Correct method and channel
staff-received-amount = Amount received
staff-received-method = How it came
staff-via-bank_transfer = Bank transfer
staff-via-cash = Cash
staff-via-card_terminal = Card terminal
staff-via-cash_on_delivery = Collected by the courier
staff-received-reference = Reference (transfer title, receipt)
staff-received-on = Received on
staff-resend-cost = What the lost parcel cost the shop
staff-delay-until = New date
staff-next-call-at = Next call
staff-estimated-delivery = Expected delivery
staff-shipping-method = Shipping method
staff-payment-method = Payment method
staff-channel = Preferred channel
staff-reconcile = Cash to reconcile
staff-reconcile-about = Delivered cash-on-delivery orders whose collection by the courier is not recorded, or was short. Record what the courier paid over with "Record a payment received".
staff-case-no-collection = Courier's collection not recorded
staff-case-short = Collected { $amount } short
timeline-sent-again = Sent again
timeline-delay-announced = Delay announced
timeline-cancel-requested = You asked to cancel
timeline-cancel-declined = Could not be cancelled
cancel_requested-subject = Order { $number }: the customer asks to cancel
cancel_requested-body = The customer of order { $number } ({ $name }) asks to cancel it, and it is being packed. Cancel it, or let it go on, from its page; they will be told either way.
cancel_requested-sms = { $shop }: the customer asks to cancel { $number }.
sms_budget_spent-subject = The SMS budget of this month is spent
sms_budget_spent-body = { $shop } has sent the text messages its budget allows this month. Until the month ends, customers are told by email where they gave one; a customer with only a phone number is not told, and their order tells you so. Order { $number } was the first message past the budget. To send texts again this month, ask your host to raise the budget (SMS_SEGMENTS_PER_MONTH).
sms_budget_spent-sms = { $shop }: the SMS budget of this month is spent; customers are told by email.
cancel_declined-subject = Order { $number } could not be cancelled
cancel_declined-body = We could not cancel your order { $number }: it was already packed and is on its way out. Once it arrives, you can return it from your order's page.
cancel_declined-sms = { $shop }: { $number } could not be cancelled. { $link }
notice-cancel-requested = Customer asks to cancel
notice-cancel-declined = Cancel declined
notice-sms-budget-spent = SMS budget spent
event-cancel-requested = Customer asks to cancel
event-cancel-declined = Cancel declined
event-personal-data-erased = Personal data erased
staff-do-cancel-decline = Keep the order going
staff-cancel-requested = The customer asks to cancel this order. Cancel it below, or keep it going: they will be told either way.
staff-hint-cancel-requested = Customer asks to cancel
page-cancel-title = Cancel your order
page-cancel-now-text = Nothing has been packed yet: your order is cancelled at once, and any payment held for it is released.
page-cancel-now = Cancel my order
page-cancel-ask-text = Your order is being packed: the shop will tell you whether it can still be cancelled.
page-cancel-ask = Ask the shop to cancel
page-cancel-asked = You asked to cancel this order ({ $at }); the shop will tell you its answer.
page-cancel-declined = The shop could not cancel this order. Once it arrives, you can return it from this page.
page-cancel-after = Your order has left the shop. Once it arrives, you can return it from this page.
refusal-cancel-too-late = Your order can no longer be cancelled here. Once it arrives, you can return it from its page.
staff-paid-in = Paid in { $currency }
order_cancelled-refund = It was paid ({ $received }): refund the customer through the payment provider, or record a refund you pay another way on the order's page.

## Why a staff action was refused (the API says these in English)
staff-refusal-transition = cannot { $action } an order that is { $status }
staff-refusal-no-stock-question = no missing-stock question is open
staff-refusal-choice-not-offered = that choice was not offered
staff-refusal-unpaid = the order is not paid (payment { $payment }): it leaves the shop once paid, or on staff's word ("ship_unpaid": true to ship it, "unpaid": true to make it ready for pickup)
staff-refusal-no-such-complaint = no complaint number { $number }
staff-refusal-complaint-settled = complaint { $number } is settled already
staff-refusal-all-returned = everything is being returned already
staff-refusal-no-such-return = no return number { $number }
staff-refusal-return-already = return { $number } is { $state } already
staff-refusal-refund-over-paid = more than was paid would be refunded
staff-refusal-not-an-amount = "{ $text }" is not an amount in the order's currency ({ $currency })
staff-refusal-not-cash-on-delivery = the order is not paid on delivery
staff-refusal-collection-recorded = what the courier collected is recorded already
staff-refusal-not-delivered-yet = the courier collects on delivery: the order is not delivered
staff-refusal-paid-already = the order is paid already ({ $amount })
staff-refusal-owed-only = { $amount } is owed, not more
staff-refusal-same-parcel = { $number } is the parcel sent before: give the new one's number
staff-refusal-day-passed = { $day } has passed: give the day the customer can expect it
staff-refusal-unknown-items = no line of the order is { $items }: name each missing item by a line's SKU or name
