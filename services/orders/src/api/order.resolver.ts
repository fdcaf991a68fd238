import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { allergyCriticality, allergyRemovalReason, dietType, imagingModality, type OrderDetails, specimenType } from '@ehr/contracts';
import { actorOf, orRefusal, type RequestWithIdentity } from '@ehr/platform/nest';
import type { OrdersApplication, PlaceOrderInput } from '../application/orders-application.js';
import { AlertsNeedOverrideError } from '../domain/orders-errors.js';
import type { ReadModel } from '../projections/read-model.js';
import { common, medication, oneOf } from './inputs.js';
import { toAllergy, toFormularyDrug, toOrder } from './mapping.js';
import {
  AllergyChanged,
  AllergyInput,
  AllergyResult,
  DietOrderInput,
  FormularyDrug,
  ImagingOrderInput,
  LabOrderInput,
  MedicationOrderInput,
  NursingOrderInput,
  Order,
  OrderAlertsRaised,
  OrderChanged,
  OrderResult,
  Patient,
  PlaceOrderResult,
} from './models.js';
import { ORDERS_APPLICATION, READ_MODEL } from './tokens.js';

type NonMedication = Exclude<OrderDetails, { kind: 'medication' }>;

@Resolver(() => Order)
export class OrderResolver {
  constructor(
    @Inject(ORDERS_APPLICATION) private readonly orders: OrdersApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => Order, { nullable: true })
  async order(@Args('id', { type: () => ID }) id: string): Promise<Order | null> {
    const row = await this.readModel.order.findUnique({ where: { orderId: id } });
    return row ? toOrder(row) : null;
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<Order | null> {
    return this.order(reference.id);
  }

  @ResolveField(() => Patient, { description: 'The patient, with the whole record through the gateway.' })
  patient(@Parent() order: Order): Patient {
    return Object.assign(new Patient(), { id: order.patientId });
  }

  @Query(() => [Order], { description: 'Medication orders waiting for a pharmacist, STAT first, then oldest first.' })
  async verificationQueue(): Promise<Order[]> {
    const rows = await this.readModel.order.findMany({ where: { verification: 'pending', status: { in: ['active', 'on-hold'] } }, orderBy: { placedAt: 'asc' }, take: 500 });
    return rows.map(toOrder).sort((a, b) => Number(b.priority === 'stat') - Number(a.priority === 'stat'));
  }

  @Query(() => [FormularyDrug], { description: 'Formulary drugs whose name contains the text (case-insensitive).' })
  formulary(@Args('search', { defaultValue: '' }) search: string): FormularyDrug[] {
    const text = search.trim().toLowerCase();
    return [...this.orders.policy.formulary.drugs.values()].filter((d) => d.name.toLowerCase().includes(text)).map(toFormularyDrug);
  }

  private async place(input: PlaceOrderInput, req: RequestWithIdentity): Promise<typeof PlaceOrderResult> {
    return orRefusal(async () => {
      try {
        const { orderId } = await this.orders.placeOrder(input, actorOf(req.identity));
        return await this.changed(orderId);
      } catch (error) {
        // Alerts are not a refusal: the prescriber answers them and signs again.
        if (error instanceof AlertsNeedOverrideError) return Object.assign(new OrderAlertsRaised(), { alerts: error.alerts });
        throw error;
      }
    });
  }

  private async changed(orderId: string): Promise<OrderChanged> {
    return Object.assign(new OrderChanged(), { order: toOrder(await this.readModel.order.findUniqueOrThrow({ where: { orderId } })) });
  }

  @Mutation(() => PlaceOrderResult, { description: 'Signs a medication order; checked against allergies and active medications. Pharmacy verifies it before any dose.' })
  placeMedicationOrder(@Args('input') input: MedicationOrderInput, @Context('req') req: RequestWithIdentity): Promise<typeof PlaceOrderResult> {
    return orRefusal(() => this.place(common(input, medication(input)), req));
  }

  private placeOther(input: Parameters<typeof common>[0], details: NonMedication, req: RequestWithIdentity): Promise<typeof PlaceOrderResult> {
    return orRefusal(() => this.place(common(input, details), req));
  }

  @Mutation(() => PlaceOrderResult, { description: 'Signs a lab order.' })
  placeLabOrder(@Args('input') input: LabOrderInput, @Context('req') req: RequestWithIdentity): Promise<typeof PlaceOrderResult> {
    return orRefusal(async () => this.placeOther(input, { kind: 'lab', loinc: input.loinc, display: input.display, specimen: oneOf(specimenType, input.specimen, 'specimen') }, req));
  }

  @Mutation(() => PlaceOrderResult, { description: 'Signs an imaging order.' })
  placeImagingOrder(@Args('input') input: ImagingOrderInput, @Context('req') req: RequestWithIdentity): Promise<typeof PlaceOrderResult> {
    return orRefusal(async () =>
      this.placeOther(input, { kind: 'imaging', modality: oneOf(imagingModality, input.modality, 'modality'), study: input.study, bodySite: input.bodySite, reason: input.reason, contrast: input.contrast }, req),
    );
  }

  @Mutation(() => PlaceOrderResult, { description: 'Signs a diet order.' })
  placeDietOrder(@Args('input') input: DietOrderInput, @Context('req') req: RequestWithIdentity): Promise<typeof PlaceOrderResult> {
    return orRefusal(async () =>
      this.placeOther(input, { kind: 'diet', diet: oneOf(dietType, input.diet, 'diet'), fluidRestrictionMl: input.fluidRestrictionMl ?? null, instructions: input.instructions ?? null }, req),
    );
  }

  @Mutation(() => PlaceOrderResult, { description: 'Signs a nursing order.' })
  placeNursingOrder(@Args('input') input: NursingOrderInput, @Context('req') req: RequestWithIdentity): Promise<typeof PlaceOrderResult> {
    return this.placeOther(input, { kind: 'nursing', instruction: input.instruction }, req);
  }

  private act(command: Parameters<OrdersApplication['act']>[0], req: RequestWithIdentity): Promise<typeof OrderResult> {
    return orRefusal(async () => {
      await this.orders.act(command, actorOf(req.identity));
      return this.changed(command.orderId);
    });
  }

  private by(req: RequestWithIdentity) {
    return { by: actorOf(req.identity).actor.id, at: new Date().toISOString() };
  }

  @Mutation(() => OrderResult, { description: 'A pharmacist verifies a medication order; its doses may then be given. The prescriber cannot verify their own order.' })
  verifyOrder(@Args('orderId', { type: () => ID }) orderId: string, @Context('req') req: RequestWithIdentity): Promise<typeof OrderResult> {
    return this.act({ type: 'VerifyOrder', orderId, ...this.by(req) }, req);
  }

  @Mutation(() => OrderResult, { description: 'A pharmacist rejects a medication order; it will never be given.' })
  rejectOrder(@Args('orderId', { type: () => ID }) orderId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof OrderResult> {
    return this.act({ type: 'RejectOrder', orderId, reason, ...this.by(req) }, req);
  }

  @Mutation(() => OrderResult, { description: 'Puts an order on hold: no dose is due until it is resumed.' })
  holdOrder(@Args('orderId', { type: () => ID }) orderId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof OrderResult> {
    return this.act({ type: 'HoldOrder', orderId, reason, ...this.by(req) }, req);
  }

  @Mutation(() => OrderResult)
  resumeOrder(@Args('orderId', { type: () => ID }) orderId: string, @Context('req') req: RequestWithIdentity): Promise<typeof OrderResult> {
    return this.act({ type: 'ResumeOrder', orderId, ...this.by(req) }, req);
  }

  @Mutation(() => OrderResult, { description: 'Stops an order before its end.' })
  discontinueOrder(@Args('orderId', { type: () => ID }) orderId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof OrderResult> {
    return this.act({ type: 'DiscontinueOrder', orderId, reason, ...this.by(req) }, req);
  }

  @Mutation(() => OrderResult, { description: 'Everything the order asked for was done (a one-time dose, a specimen collected, a study performed).' })
  completeOrder(@Args('orderId', { type: () => ID }) orderId: string, @Context('req') req: RequestWithIdentity): Promise<typeof OrderResult> {
    return this.act({ type: 'CompleteOrder', orderId, ...this.by(req) }, req);
  }

  @Mutation(() => OrderResult, { description: 'A prescriber keeps an order after the patient moved to another level of care.' })
  reviewOrder(@Args('orderId', { type: () => ID }) orderId: string, @Context('req') req: RequestWithIdentity): Promise<typeof OrderResult> {
    return this.act({ type: 'ReviewOrder', orderId, ...this.by(req) }, req);
  }

  private async allergies(patientId: string): Promise<AllergyChanged> {
    const rows = await this.readModel.allergy.findMany({ where: { patientId }, orderBy: { recordedAt: 'asc' } });
    return Object.assign(new AllergyChanged(), { allergies: rows.map(toAllergy) });
  }

  @Mutation(() => AllergyResult, { description: 'Adds an allergy or intolerance to the patient’s list; order entry checks every new medication against it.' })
  recordAllergy(@Args('input') input: AllergyInput, @Context('req') req: RequestWithIdentity): Promise<typeof AllergyResult> {
    return orRefusal(async () => {
      await this.orders.recordAllergy(
        {
          patientId: input.patientId,
          substance: { code: input.substanceCode, display: input.substance },
          reaction: input.reaction ?? null,
          criticality: oneOf(allergyCriticality, input.criticality, 'criticality'),
        },
        actorOf(req.identity),
      );
      return this.allergies(input.patientId);
    });
  }

  @Mutation(() => AllergyResult, { description: 'Takes an allergy off the list: entered-in-error, refuted or resolved.' })
  removeAllergy(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('allergyId', { type: () => ID }) allergyId: string,
    @Args('reason', { description: 'entered-in-error | refuted | resolved' }) reason: string,
    @Args('comment', { type: () => String, nullable: true }) comment: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof AllergyResult> {
    return orRefusal(async () => {
      await this.orders.removeAllergy({ patientId, allergyId, reason: oneOf(allergyRemovalReason, reason, 'reason'), comment: comment ?? null }, actorOf(req.identity));
      return this.allergies(patientId);
    });
  }
}
