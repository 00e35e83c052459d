"""The runtime schema as `metadata.create_all` made it before migrations existed.

Revision ID: 0001
Revises: -
Create Date: 2026-11-30 01:57:24.227385
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('admin_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('questions_per_day', sa.Integer(), nullable=False),
    sa.Column('current_index', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('chat_sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id_hash')
    )
    with op.batch_alter_table('chat_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_sessions_last_seen'), ['last_seen'])

    op.create_table('trainer_credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('trainer_sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('credential', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id_hash')
    )
    with op.batch_alter_table('trainer_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainer_sessions_last_seen'), ['last_seen'])
        batch_op.create_index(batch_op.f('ix_trainer_sessions_username'), ['username'])

    op.create_table('campaign_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('participant_hash', sa.String(length=64), nullable=False),
    sa.Column('nickname', sa.String(length=30), nullable=True),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'participant_hash', name='uq_campaign_participant')
    )
    op.create_table('campaign_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('revealed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'position', name='uq_campaign_question_position')
    )
    op.create_table('trainer_session_campaigns',
    sa.Column('session_hash', sa.String(length=64), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_hash'], ['trainer_sessions.id_hash'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_hash', 'campaign_id')
    )
    op.create_table('campaign_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('option', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['campaign_participants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'position', 'participant_id', name='uq_campaign_answer')
    )
    with op.batch_alter_table('campaign_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_answers_campaign_id'), ['campaign_id'])



def downgrade() -> None:
    with op.batch_alter_table('campaign_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_answers_campaign_id'))

    op.drop_table('campaign_answers')
    op.drop_table('trainer_session_campaigns')
    op.drop_table('campaign_questions')
    op.drop_table('campaign_participants')
    with op.batch_alter_table('trainer_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainer_sessions_username'))
        batch_op.drop_index(batch_op.f('ix_trainer_sessions_last_seen'))

    op.drop_table('trainer_sessions')
    op.drop_table('trainer_credentials')
    with op.batch_alter_table('chat_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_sessions_last_seen'))

    op.drop_table('chat_sessions')
    op.drop_table('campaigns')
